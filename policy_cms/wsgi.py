"""The WSGI entry point (gunicorn in production: deploy/)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policy_cms.settings.production")

application = get_wsgi_application()
