"""The public read API under /api/v1/ (DESIGN 9), on django-ninja, which Wagtail 8 brings.

``cms.api.v1.api`` is the NinjaAPI; its OpenAPI schema is at /api/v1/openapi.json and a
browsable page at /api/v1/docs. Other packages add routers to it (search does).
"""
