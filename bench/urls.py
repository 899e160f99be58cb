"""The site's URLs plus the baseline: a bare Django view with a constant JSON body."""

import json

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from policy_cms.urls import handler404, handler500
from policy_cms.urls import urlpatterns as site_urlpatterns

BODY = {"status": "ok", "message": "constant body for the baseline"}


def constant(request):
    return JsonResponse(BODY)


@csrf_exempt
def accept(request):
    """The POST baseline: read the JSON body, answer 202 with a constant."""
    json.loads(request.body or b"{}")
    return JsonResponse(BODY, status=202)


urlpatterns = [
    path("bench/constant.json", constant),
    path("bench/accept.json", accept),
    *site_urlpatterns,
]
__all__ = ["handler404", "handler500", "urlpatterns"]
