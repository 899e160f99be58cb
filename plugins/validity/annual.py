"""The first table of section 二 of the national annual report template (2021): for an
agency and a year, 规章 and 行政规范性文件 × 本年制发件数 / 本年废止件数 / 现行有效件数.

Issued: dated in the year and published at its end (a history row is dated when its change
took effect, so a document published late, or imported, counts in the year it was issued).
Repealed: repealed or expired in the year and still so at its end (a repeal undone within
the year does not count). In force: in force or amended at the end of the year. Beside the
cells (``ReportRow.aside``, not printed), the documents not yet in force at the end of the
year: issued, so counted as issued, but not in force, which the report's check of the
documents in force needs (docs/domain.md §7).

Counted from the recorded history (``ValidityChange``), not from today's states: a report
for last year reads what was true on its last day, whatever happened since.
"""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from cms.plugin_api import NOT_YET_IN_FORCE, PolicyPage, ReportColumn, ReportRow, ReportTable
from plugins.validity.catalogue import IN_FORCE
from plugins.validity.models import State, ValidityChange

# Report row → the doc types it counts.
ROWS = {"rule": (_("Departmental rules"), ("rule",)),
        "normative": (_("Normative documents"), ("normative",))}  # fmt: skip
ENDED = (State.REPEALED, State.EXPIRED)


def _states_on(day: date, policies):
    """Each policy's state at the end of ``day``: the last change recorded by then."""
    last = ValidityChange.objects.filter(policy=OuterRef("pk"), on__lte=day).order_by("-on", "-pk")
    return policies.annotate(
        state_then=Subquery(last.values("to_state")[:1]),
        changed_then=Subquery(last.values("on")[:1]),
    )


def annual_records(agency, year: int) -> dict[str, dict[str, list[int]]]:
    """Row key → {"issued", "repealed", "in_force"} → the ids of the policies counted, for
    the agency's year (None: every agency together)."""
    return {
        key: {column: ids for column, ids in cells.items() if column != NOT_YET_IN_FORCE}
        for key, cells in _year_end_records(agency, year).items()
    }


def _year_end_records(agency, year: int) -> dict[str, dict[str, list[int]]]:
    """``annual_records``, and under ``NOT_YET_IN_FORCE`` the documents published and not
    yet in force at the year's end (issued, say, in December to take effect in January)."""
    end = date(year, 12, 31)
    records = {}
    for key, (_label, doc_types) in ROWS.items():
        policies = PolicyPage.objects.filter(doc_type__in=doc_types)
        if agency is not None:
            policies = policies.filter(agency=agency)
        # Only what was ever published has a history; drafts never count.
        published = policies.filter(validity_changes__isnull=False).distinct()
        states = list(
            _states_on(end, published)
            .order_by("pk")
            .values("pk", "issued_on", "state_then", "changed_then")
        )
        records[key] = {
            # Issued in the year and still published at its end.
            "issued": [s["pk"] for s in states if s["issued_on"].year == year and s["state_then"]],
            "repealed": [
                s["pk"]
                for s in states
                if s["state_then"] in ENDED and s["changed_then"] and s["changed_then"].year == year
            ],
            "in_force": [s["pk"] for s in states if s["state_then"] in IN_FORCE],
            NOT_YET_IN_FORCE: [
                s["pk"] for s in states if s["state_then"] == State.NOT_YET_EFFECTIVE
            ],
        }
    return records


def annual_counts(agency, year: int) -> dict[str, dict[str, int]]:
    """Row key → {"issued", "repealed", "in_force"} → how many, as ``annual_records``."""
    return _counts(annual_records(agency, year))


def _counts(records) -> dict[str, dict[str, int]]:
    return {
        key: {column: len(ids) for column, ids in cells.items()} for key, cells in records.items()
    }


def records_url(agency, year: int, row: str, column: str) -> str:
    """Where the admin lists the documents a cell counts (Reports → 规范性文件年度统计)."""
    query = {"year": year, "row": row, "column": column}
    if agency is not None:
        query["agency"] = agency.pk
    return f"{reverse('validity_admin:annual')}?{urlencode(query)}"


def annual_table(year: int, agency) -> ReportTable:
    """The report's table 二/documents (hook ``annual_report_tables``): the counts above
    as the template's rows and columns."""
    counts = _counts(_year_end_records(agency, year))
    pending = {key: cells.pop(NOT_YET_IN_FORCE) for key, cells in counts.items()}
    columns = (
        ReportColumn("issued", gettext_now("Issued this year")),
        ReportColumn("repealed", gettext_now("Repealed this year")),
        ReportColumn("in_force", gettext_now("In force (documents)")),
    )
    return ReportTable(
        section="二",
        key="documents",
        title=gettext_now("Article 20, item 1"),
        columns=columns,
        rows=tuple(
            ReportRow(
                key,
                str(label),
                0,
                counts[key],
                # Each cell links to the documents it counts (shown to editors only).
                {column: records_url(agency, year, key, column) for column in counts[key]},
                # Issued but not yet in force at the year's end: neither in force nor
                # repealed, which the report's check of in force counts (docs/domain.md §7).
                {NOT_YET_IN_FORCE: pending[key]},
            )
            for key, (label, _types) in ROWS.items()
        ),
        column_heading=gettext_now("Information"),
        unit=pgettext("report unit", "documents"),
    )
