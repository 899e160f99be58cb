"""The catalogue of normative documents in force (现行有效行政规范性文件目录), which
agencies must publish and keep up to date: on a public page, in the API and as XLSX."""

from __future__ import annotations

from io import BytesIO

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook

from cms.plugin_api import (
    LIBRARY_PAGE_SIZE,
    Agency,
    id_param,
    indexed_page,
    kept_for_stamp,
    policy_urls,
    public_policies,
    stamp_of,
)
from plugins.validity import conf
from plugins.validity.models import PolicyValidity, State

# An amended document is in force as amended.
IN_FORCE = (State.IN_FORCE, State.AMENDED)


def in_force_documents():
    """Every public normative document in force, by agency, newest first."""
    return (
        public_policies()
        .filter(doc_type__in=conf.get("VALIDITY_DOC_TYPES"), validity__state__in=IN_FORCE)
        .select_related("agency", "validity")
        .order_by("agency__name", "-issued_on", "-pk")
    )


def _in_force(agency: int | None = None, stamp=None):
    """The public normative documents in force (of one agency). Whether a document is in
    force is asked per document (EXISTS on its validity's key), so a page is read along
    the ``issued_on`` index, newest first, whatever the size of the library."""
    in_force = PolicyValidity.objects.filter(policy=OuterRef("pk"), state__in=IN_FORCE)
    policies = public_policies(stamp=stamp).filter(
        Exists(in_force), doc_type__in=conf.get("VALIDITY_DOC_TYPES")
    )
    return policies if agency is None else policies.filter(agency_id=agency)


@kept_for_stamp
def agencies() -> list[tuple[int, str]]:
    """(id, name) of the agencies with a document in force, for the page's filter: read
    once per publication stamp (a change of validity moves the stamp, lifecycle.py)."""
    ids = _in_force().order_by().values("agency_id")
    return list(Agency.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name"))


# What a row of the page reads (values() names), besides its URL.
FIELDS = (
    "pk",
    "url_path",
    "agency__name",
    "title",
    "doc_number",
    "issued_on",
    "validity__registration_number",
    "validity__effective_from",
    "validity__expires_on",
    "validity__state",
)


def page(request):
    """(the chosen agency id or None, page ``?page=`` of the catalogue): twenty documents
    newest first as the libraries page them (their count and page boundaries kept per
    publication stamp, the page read from its first key), so a page's cost does not grow
    with the catalogue; ``?agency=<id>`` narrows it to one agency. The page's rows are
    those of ``rows``."""
    agency = id_param(request.GET.get("agency", ""))
    stamp = stamp_of(request)
    chosen = indexed_page(
        lambda: _in_force(agency, stamp).values(*FIELDS),
        request.GET.get("page", 1),
        key=("validity-in-force", agency),
        per_page=LIBRARY_PAGE_SIZE,
        stamp=stamp,
    )
    values = chosen.object_list
    urls = policy_urls([value["url_path"] for value in values], stamp=stamp)
    labels = {state: str(label) for state, label in State.choices}  # translated once a page
    chosen.object_list = [_row(value, url, labels) for value, url in zip(values, urls, strict=True)]
    return agency, chosen


def _row(value: dict, url: str, labels: dict | None = None) -> dict:
    expires_on = value["validity__expires_on"]
    return {
        "id": value["pk"],
        "agency": value["agency__name"],
        "title": value["title"],
        "doc_number": value["doc_number"],
        "registration_number": value["validity__registration_number"] or "",
        "issued_on": value["issued_on"].isoformat(),
        "effective_from": value["validity__effective_from"].isoformat(),
        "expires_on": expires_on.isoformat() if expires_on else "",
        "state": value["validity__state"],
        "state_label": (labels or {}).get(value["validity__state"])
        or str(State(value["validity__state"]).label),
        "url": url,
    }


def rows(base_url: str = "") -> list[dict]:
    """The whole catalogue as rows, each document with its agency, numbers and dates."""
    return [
        {
            "id": policy.pk,
            "agency": policy.agency.name,
            "title": policy.title,
            "doc_number": policy.doc_number,
            "registration_number": policy.validity.registration_number or "",
            "issued_on": policy.issued_on.isoformat(),
            "effective_from": policy.validity.effective_from.isoformat(),
            "expires_on": (
                policy.validity.expires_on.isoformat() if policy.validity.expires_on else ""
            ),
            "state": policy.validity.state,
            "state_label": str(State(policy.validity.state).label),
            "url": base_url + (policy.url or ""),
        }
        for policy in in_force_documents()
    ]


COLUMNS = [
    ("agency", gettext_noop("Agency")),
    ("title", gettext_noop("Title")),
    ("doc_number", gettext_noop("Document number")),
    ("registration_number", gettext_noop("Registration number")),
    ("issued_on", gettext_noop("Issued on")),
    ("effective_from", gettext_noop("Effective from")),
    ("expires_on", gettext_noop("Valid until")),
    ("state_label", gettext_noop("Validity")),
    ("url", gettext_noop("Address")),
]


def workbook(items: list[dict]) -> bytes:
    """The catalogue as an XLSX file, one row per document."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("In force")[:31]
    sheet.append([_(label) for _key, label in COLUMNS])
    for item in items:
        sheet.append([item[key] for key, _label in COLUMNS])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
