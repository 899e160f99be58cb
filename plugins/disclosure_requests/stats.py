"""The annual report's sections 三 (收到和处理政府信息公开申请情况) and 四 (行政复议、行政诉讼
情况) of the 2021 template (国办公开办函〔2021〕30号), for one agency (or all) and one year,
counted from the requests' and appeals' dated history (docs/domain.md §7).

A request counts from the day its receipt was confirmed (``received_on``): one submitted
but never confirmed, merged into another or found not to be an application never counts.
It is handled on ``closed_on`` under its ``outcome`` (a reply served, a withdrawal, a
request no longer processed). So a request received in December and answered in January
is 四 结转下年度 in the first year and 二 上年结转 in the next, whatever its state today.

An appeal counts in the year it was filed; its result counts only if decided by that
year's 31 December, else it is 尚未审结 in that year's table.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cms.plugin_api import ReportCheck, ReportColumn, ReportRow, ReportTable
from plugins.disclosure_requests import outcomes
from plugins.disclosure_requests.models import Appeal, DisclosureRequest

S = DisclosureRequest.State
A = DisclosureRequest.ApplicantType
NEVER_COUNTED = (S.SUBMITTED, S.MERGED, S.DISCARDED)
TOTAL = "total"
CHINESE_NUMERALS = "一二三四五六七八"
SINGLE_ROW_GROUPS = (outcomes.Group.DISCLOSED, outcomes.Group.PARTLY)


def request_columns() -> tuple[ReportColumn, ...]:
    """自然人, the five kinds of 法人或其他组织, 总计: the template's columns."""
    organisation = _("Legal persons or other organisations")
    return (
        ReportColumn(A.PERSON, str(A.PERSON.label)),
        *(
            ReportColumn(kind.value, str(kind.label), organisation)
            for kind in A
            if kind != A.PERSON
        ),
        ReportColumn(TOTAL, _("Total")),
    )


def _counted(agency, year: int):
    """The requests the year's table may count: received by its last day, never merged,
    discarded or left unconfirmed."""
    requests = DisclosureRequest.objects.filter(
        received_on__isnull=False, received_on__lte=date(year, 12, 31)
    ).exclude(state__in=NEVER_COUNTED)
    if agency is not None:
        requests = requests.filter(agency=agency)
    return requests.order_by("pk").values(
        "pk", "applicant_type", "received_on", "closed_on", "outcome", "state"
    )


class _Tally:
    """Counts by row key and applicant type; the totals column is added at the end."""

    def __init__(self):
        self.counts: dict[str, dict[str, int]] = {}

    def add(self, row: str, applicant_type: str) -> None:
        cells = self.counts.setdefault(row, {})
        cells[applicant_type] = cells.get(applicant_type, 0) + 1

    def cells(self, row: str, columns) -> dict[str, int]:
        counted = self.counts.get(row, {})
        cells = {c.key: counted.get(c.key, 0) for c in columns if c.key != TOTAL}
        cells[TOTAL] = sum(cells.values())
        return cells


def _reference(record) -> str:
    return f"{record['received_on'].year}-{record['pk']:05d}"


def _tally_requests(agency, year: int) -> tuple[_Tally, list[str]]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    tally, problems = _Tally(), []
    closed_states = (S.CLOSED, S.WITHDRAWN)
    for record in _counted(agency, year):
        kind, received, closed = (
            record["applicant_type"],
            record["received_on"],
            record["closed_on"],
        )
        if closed is not None and closed < received:
            problems.append(
                _("Request %(ref)s was closed on %(closed)s, before it was received.")
                % {"ref": _reference(record), "closed": closed}
            )
            continue
        if received >= start:
            tally.add("new", kind)
        elif closed is None or closed >= start:
            tally.add("carried", kind)
        if closed is not None and start <= closed <= end:
            outcome = record["outcome"]
            if outcome in outcomes.RULES:
                tally.add(outcome, kind)
            else:
                problems.append(
                    _("Request %(ref)s was closed on %(closed)s without an outcome.")
                    % {"ref": _reference(record), "closed": closed}
                )
        elif closed is None or closed > end:
            tally.add("next", kind)
            if closed is None and record["state"] in closed_states:
                problems.append(
                    _("Request %(ref)s is closed but has no closing day.")
                    % {"ref": _reference(record)}
                )
    return tally, problems


def counted_in_row(requests, row: str, year: int):
    """The requests of ``requests`` that row ``row`` of the year's 三 counts: new (一),
    carried (二), handled (三's （七）总计) or next (四); the rules _tally_requests counts by,
    as a query for the admin's listing."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    counted = requests.filter(received_on__isnull=False).exclude(state__in=NEVER_COUNTED)
    if row == "new":
        return counted.filter(received_on__range=(start, end))
    if row == "carried":
        open_then = Q(closed_on__isnull=True) | Q(closed_on__gte=start)
        return counted.filter(open_then, received_on__lt=start)
    if row == "handled":
        return counted.filter(closed_on__range=(start, end)).exclude(outcome="")
    open_after = Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    return counted.filter(open_after, received_on__lte=end)


def _listing(query: dict, agency) -> str:
    """The admin listing of requests with these filters (every state)."""
    query = {"state": "all", **query}
    if agency is not None:
        query["agency"] = agency.pk
    return f"{reverse('disclosure_requests_admin:list')}?{urlencode(query)}"


def row_links(row: str, columns, year: int, agency) -> dict[str, str]:
    """Where the admin lists the requests a cell of row 一, 二 or 四 of 三 counts."""
    links = {}
    for column in columns:
        kind = {} if column.key == TOTAL else {"applicant_type": column.key}
        links[column.key] = _listing({"report_row": row, "report_year": year, **kind}, agency)
    return links


def outcome_links(outcome: str, columns, year: int, agency) -> dict[str, str]:
    """Where the admin lists the requests a cell of row 三 counts: closed in the year with
    this outcome, of the column's applicant type (the total: every type)."""
    links = {}
    for column in columns:
        kind = {} if column.key == TOTAL else {"applicant_type": column.key}
        query = {"outcome": outcome, "closed_year": year, **kind}
        links[column.key] = _listing(query, agency)
    return links


def _outcome_rows(tally: _Tally, columns, year: int, agency) -> list[ReportRow]:
    """Row 三's sub-rows in the template's order: （一） and （二） with their numbers, the
    other groups as headings over their numbered grounds, then （七）总计. Each counted cell
    links to the requests behind it."""
    rows, total = [], {c.key: 0 for c in columns}

    def counted(outcome, label, level):
        links = outcome_links(outcome, columns, year, agency)
        return ReportRow(outcome, label, level, tally.cells(outcome, columns), links)

    for group in outcomes.Group:
        members = outcomes.outcomes_in(group)
        if group in SINGLE_ROW_GROUPS:
            [outcome] = members
            rows.append(counted(outcome, str(group.label), 1))
        else:
            rows.append(ReportRow(f"group_{group.value}", str(group.label), 1))
            for n, outcome in enumerate(members, start=1):
                label = f"{n}.{outcomes.Outcome(outcome).label}"
                rows.append(counted(outcome, label, 2))
    for row in rows:
        for key, value in row.cells.items():
            total[key] += value
    links = row_links("handled", columns, year, agency)
    rows.append(ReportRow("handled_total", _("(7) Total"), 1, total, links))
    return rows


def _balance(table_rows: dict[str, ReportRow], columns) -> ReportCheck:
    """一 + 二 = 三(七) + 四, column by column."""
    failures = []
    for column in columns:
        left = table_rows["new"].cells[column.key] + table_rows["carried"].cells[column.key]
        right = table_rows["handled_total"].cells[column.key] + table_rows["next"].cells[column.key]
        if left != right:
            failures.append(
                _("%(column)s: 1 + 2 = %(left)d, but 3(7) + 4 = %(right)d.")
                % {"column": column.label, "left": left, "right": right}
            )
    return ReportCheck(_("1 + 2 = 3(7) + 4 in every column"), tuple(failures))


def requests_table(year: int, agency=None) -> ReportTable:
    """Section 三: requests received and handled in the year, by applicant type."""
    columns = request_columns()
    tally, problems = _tally_requests(agency, year)
    rows = [
        ReportRow(
            "new",
            _("1. New applications received this year"),
            0,
            tally.cells("new", columns),
            row_links("new", columns, year, agency),
        ),
        ReportRow(
            "carried",
            _("2. Applications carried over from last year"),
            0,
            tally.cells("carried", columns),
            row_links("carried", columns, year, agency),
        ),
        ReportRow("handled", _("3. Results of handling this year"), 0),
        *_outcome_rows(tally, columns, year, agency),
        ReportRow(
            "next",
            _("4. Carried over to next year"),
            0,
            tally.cells("next", columns),
            row_links("next", columns, year, agency),
        ),
    ]
    checks = (
        _balance({row.key: row for row in rows if not row.is_heading}, columns),
        ReportCheck(_("Every request counted can be counted"), tuple(problems)),
    )
    return ReportTable(
        section="三",
        key="requests",
        title=_("3. Applications for government information received and handled"),
        columns=columns,
        rows=tuple(rows),
        checks=checks,
        column_heading=_("Applicants"),
        unit=_("applications"),
    )


def appeal_columns() -> tuple[ReportColumn, ...]:
    R = Appeal.Result
    return (
        *(ReportColumn(result.value, str(result.label)) for result in R),
        ReportColumn(TOTAL, _("Total")),
    )


def concluded_by_year_end() -> Q:
    """Appeals decided by the 31 December of the year they were filed: only their result
    counts in that year's 四; the others are 尚未审结 there."""
    return Q(decided_on__isnull=False, decided_on__year__lte=ExtractYear("filed_on"))


def appeal_links(kind: str, columns, year: int, agency) -> dict[str, str]:
    """Where the admin lists the appeals a cell of 四 counts (the appeals' listing filters)."""
    base = reverse("disclosure_appeals:index")
    query = {"kind": kind, "year": year}
    if agency is not None:
        query["agency"] = agency.pk
    links = {}
    for column in columns:
        if column.key == TOTAL:
            result = {}
        elif column.key == Appeal.Result.PENDING:
            result = {"year_end": "pending"}
        else:
            result = {"result": column.key, "year_end": "concluded"}
        links[column.key] = f"{base}?{urlencode({**query, **result})}"
    return links


def _appeal_label(record) -> str:
    return record["case_number"] or _("filed on %(day)s") % {"day": record["filed_on"]}


def appeals_table(year: int, agency=None) -> ReportTable:
    """Section 四: appeals filed in the year by kind and result; a result decided after
    31 December is 尚未审结 in this year's table."""
    end = date(year, 12, 31)
    columns = appeal_columns()
    appeals = Appeal.objects.filter(filed_on__year=year)
    if agency is not None:
        appeals = appeals.filter(agency=agency)
    counts: dict[str, dict[str, int]] = {kind.value: {} for kind in Appeal.Kind}
    problems = []
    for record in appeals.order_by("pk").values(
        "kind", "result", "decided_on", "case_number", "filed_on"
    ):
        result, decided = record["result"], record["decided_on"]
        if result != Appeal.Result.PENDING and decided is None:
            problems.append(
                _(
                    "Appeal %(case)s has a result but no day of decision; counted as not yet "
                    "concluded."
                )
                % {"case": _appeal_label(record)}
            )
        if decided is None or decided > end:
            result = Appeal.Result.PENDING
        cells = counts[record["kind"]]
        cells[result] = cells.get(result, 0) + 1

    def cells(kind: str) -> dict[str, int]:
        row = {c.key: counts[kind].get(c.key, 0) for c in columns if c.key != TOTAL}
        row[TOTAL] = sum(row.values())
        return row

    def links(kind: str) -> dict[str, str]:
        return appeal_links(kind, columns, year, agency)

    K = Appeal.Kind
    rows = (
        ReportRow(K.REVIEW, str(K.REVIEW.label), 0, cells(K.REVIEW), links(K.REVIEW)),
        ReportRow("litigation", _("Administrative litigation"), 0),
        ReportRow(
            K.LITIGATION_DIRECT,
            _("Filed without prior review"),
            1,
            cells(K.LITIGATION_DIRECT),
            links(K.LITIGATION_DIRECT),
        ),
        ReportRow(
            K.LITIGATION_AFTER_REVIEW,
            _("Filed after review"),
            1,
            cells(K.LITIGATION_AFTER_REVIEW),
            links(K.LITIGATION_AFTER_REVIEW),
        ),
    )
    return ReportTable(
        section="四",
        key="appeals",
        title=_("4. Administrative review and administrative litigation"),
        columns=columns,
        rows=rows,
        checks=(ReportCheck(_("Every appeal counted can be counted"), tuple(problems)),),
        unit=_("cases"),
        across=True,
    )


def annual_tables(year: int, agency=None) -> list[ReportTable]:
    """Sections 三 and 四 for the agency (None: every agency) and year."""
    return [requests_table(year, agency), appeals_table(year, agency)]
