"""The catalogue of documents in force in the public API (``api_routers``)."""

from ninja import Router, Schema
from ninja.decorators import decorate_view

from cms.api.conditional import public_get

from . import catalogue

router = Router(tags=["validity"])


class InForceItem(Schema):
    id: int
    agency: str
    title: str
    doc_number: str
    registration_number: str
    issued_on: str
    effective_from: str
    expires_on: str
    state: str
    state_label: str
    url: str


class InForceList(Schema):
    total: int
    items: list[InForceItem]


@router.get(
    "/validity/in-force",
    response={200: InForceList, 304: None},
    url_name="validity_in_force",
    summary="现行有效规范性文件目录",
)
@decorate_view(public_get)
def in_force(request):
    """Every public normative document in force (amended ones included), by agency; the
    XLSX of the same list is at ``/validity/in-force.xlsx``."""
    items = catalogue.rows(request.build_absolute_uri("/")[:-1])
    return {"total": len(items), "items": items}
