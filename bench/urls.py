"""The site's URLs plus the baseline: a bare Django view with a constant JSON body."""

from django.http import JsonResponse
from django.urls import path

from cms.urls import handler404, handler500
from cms.urls import urlpatterns as site_urlpatterns

BODY = {"status": "ok", "message": "constant body for the baseline"}


def constant(request):
    return JsonResponse(BODY)


urlpatterns = [path("bench/constant.json", constant), *site_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]
