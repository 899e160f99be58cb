"""The policy-cms project: settings, URLs, the WSGI/ASGI entry points, the Celery app and
the API router. The one place where the core (``cms``, ``interpretations``), ``search``
and the plugins are wired together; nothing below it imports it.
"""

from policy_cms.celery import app as celery_app

__all__ = ["celery_app"]
