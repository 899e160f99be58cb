"""The catalogue of normative documents in force (现行有效行政规范性文件目录), which
agencies must publish and keep up to date: on a public page, in the API and as XLSX."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook

from cms.plugin_api import public_policies
from plugins.validity import conf
from plugins.validity.models import State

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


def rows(base_url: str = "") -> list[dict]:
    """The catalogue as rows, each document with its agency, numbers and dates."""
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
