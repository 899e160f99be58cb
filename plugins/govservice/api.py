"""``GET /api/v1/service-items/{code}``: an online service item and the policies that
govern it (``api_routers``)."""

from django.http import Http404
from ninja import Path, Router, Schema
from ninja.decorators import decorate_view

from cms.plugin_api import ErrorOut, public_get
from plugins.govservice import public
from plugins.govservice.models import ServiceItem

router = Router(tags=["办事事项"])


class GoverningPolicy(Schema):
    id: int
    title: str
    doc_number: str
    issued_on: str
    url: str
    note: str


class ServiceItemOut(Schema):
    code: str
    name: str
    department: str
    audience: str
    audience_label: str
    url: str | None
    available: bool
    policies: list[GoverningPolicy]


@router.get(
    "/service-items/{code}",
    response={200: ServiceItemOut, 304: None, 404: ErrorOut, 429: ErrorOut},
    url_name="service_item",
    summary="办事事项及其依据的政策",
)
@decorate_view(public_get)
def service_item(request, code: Path[str]):
    """An online service item by its code (事项编码), whether its link can be used now,
    and the public policies that govern it, newest first."""
    item = ServiceItem.objects.filter(code=code[:64]).first()
    if item is None:
        raise Http404
    base = request.build_absolute_uri("/")[:-1]
    policies = [{**p, "url": base + p["url"]} for p in public.governing_policies(item)]
    return {**public.item_facts(item), "policies": policies}
