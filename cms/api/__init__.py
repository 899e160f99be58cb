"""The public read API under /api/v1/ (docs/architecture.md#public-api), on django-ninja,
which Wagtail 8 brings.

``policy_cms.api.api`` is the NinjaAPI; its OpenAPI schema is at /api/v1/openapi.json and a
browsable page at /api/v1/docs. Other packages add routers to it (search does).
"""
