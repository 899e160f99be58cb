"""Celery tasks of the search index; autodiscovery finds them through this module."""

from search.indexing import sweep_pending_index, update_policies

__all__ = ["sweep_pending_index", "update_policies"]
