"""Celery tasks of the search index; autodiscovery finds them through this module."""

from .indexing import update_policies

__all__ = ["update_policies"]
