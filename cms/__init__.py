"""policy-cms core: settings, policy pages, disclosure, import and the Celery app."""

from .celery import app as celery_app

__all__ = ["celery_app"]
