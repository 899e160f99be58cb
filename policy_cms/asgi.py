"""The ASGI entry point, for servers that speak ASGI; production runs the WSGI one."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policy_cms.settings.production")

application = get_asgi_application()
