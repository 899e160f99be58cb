"""The tables of the 2021 template, as the core lays them out: which tables there are, in
which order, with which rows and columns (docs/domain.md §7). A plugin's table of the same
(section, key) takes a skeleton's place; a skeleton no plugin fills is entered by hand
(手工填报) with these very rows and columns.

The keys are those the plugins count under: section 三's rows are the reply outcomes of the
disclosure-requests plugin, its columns the applicant types.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.utils.translation import pgettext

from cms.extend.report_tables import ReportColumn, ReportRow, ReportTable

TOTAL = "total"

# (key, label) of section 三's outcomes under each group heading, in the template's order.
_WITHHELD = [
    ("withheld_secret", N_("1. State secret")),
    ("withheld_law", N_("2. Prohibited by other laws and administrative regulations")),
    ("withheld_security", N_("3. Endangers the “three securities and one stability”")),
    ("withheld_third_party", N_("4. Protects the lawful rights of a third party")),
    ("withheld_internal", N_("5. Internal affairs information (three kinds)")),
    ("withheld_process", N_("6. Process information (four kinds)")),
    ("withheld_enforcement", N_("7. Administrative enforcement case files")),
    ("withheld_query", N_("8. Administrative inquiry matters")),
]
_UNAVAILABLE = [
    ("unavailable_not_held", N_("1. The agency does not hold the information")),
    ("unavailable_not_made", N_("2. No ready information; it would have to be made")),
    ("unavailable_unclear", N_("3. Still unclear after the supplement")),
]
_NOT_PROCESSED = [
    ("not_processed_petition", N_("1. Petitions, reports and complaints")),
    ("not_processed_repeat", N_("2. Repeated application")),
    ("not_processed_publication", N_("3. Asks for public publications")),
    ("not_processed_mass", N_("4. Many repeated applications without good reason")),
    ("not_processed_confirm", N_("5. Asks to confirm or reissue information already obtained")),
]
_OTHER = [
    ("other_unsupplemented", N_("1. Not supplemented in time; no longer processed")),
    ("other_unpaid", N_("2. Fee not paid in time; no longer processed")),
    ("other", N_("3. Other")),
]


def _request_rows() -> tuple[ReportRow, ...]:
    def numbers(key, label, level):
        return ReportRow(key, label, level, dict.fromkeys(_request_keys()))

    rows = [
        numbers("new", _("1. New applications received this year"), 0),
        numbers("carried", _("2. Applications carried over from last year"), 0),
        ReportRow("handled", _("3. Results of handling this year"), 0),
        numbers("disclosed", _("(1) Disclosed"), 1),
        numbers("partly", _("(2) Partly disclosed (only this case is counted when separated)"), 1),
    ]
    for group, label, members in [
        ("withheld", _("(3) Not disclosed"), _WITHHELD),
        ("unavailable", _("(4) Cannot be provided"), _UNAVAILABLE),
        ("not_processed", _("(5) Not processed"), _NOT_PROCESSED),
        ("other", _("(6) Other handling"), _OTHER),
    ]:
        rows.append(ReportRow(f"group_{group}", label, 1))
        rows += [numbers(key, _(text), 2) for key, text in members]
    rows.append(numbers("handled_total", _("(7) Total"), 1))
    rows.append(numbers("next", _("4. Carried over to next year"), 0))
    return tuple(rows)


def _request_columns() -> tuple[ReportColumn, ...]:
    organisation = _("Legal persons or other organisations")
    return (
        ReportColumn("person", _("Natural persons")),
        ReportColumn("company", _("Commercial enterprises"), organisation),
        ReportColumn("research", _("Research institutions"), organisation),
        ReportColumn("nonprofit", _("Social welfare organisations"), organisation),
        ReportColumn("legal", _("Legal service organisations"), organisation),
        ReportColumn("other_org", _("Others"), organisation),
        ReportColumn(TOTAL, _("Total")),
    )


def _request_keys() -> list[str]:
    return ["person", "company", "research", "nonprofit", "legal", "other_org", TOTAL]


def requests_skeleton() -> ReportTable:
    """三 收到和处理政府信息公开申请情况: applicant type × 本年新收 … 结转下年度继续办理."""
    return ReportTable(
        section="三",
        key="requests",
        title=_("3. Applications for government information received and handled"),
        columns=_request_columns(),
        rows=_request_rows(),
        column_heading=_("Applicants"),
        unit=_("applications"),
    )


def appeals_skeleton() -> ReportTable:
    """四 行政复议、行政诉讼情况: three kinds × 结果维持 … 总计, laid side by side."""
    columns = (
        ReportColumn("upheld", _("Upheld")),
        ReportColumn("corrected", _("Corrected")),
        ReportColumn("other", _("Other result")),
        ReportColumn("pending", _("Not yet concluded")),
        ReportColumn(TOTAL, _("Total")),
    )
    blank = dict.fromkeys(c.key for c in columns)
    return ReportTable(
        section="四",
        key="appeals",
        title=_("4. Administrative review and administrative litigation"),
        columns=columns,
        rows=(
            ReportRow("review", _("Administrative review"), 0, blank),
            ReportRow("litigation", _("Administrative litigation"), 0),
            ReportRow("litigation_direct", _("Filed without prior review"), 1, blank),
            ReportRow("litigation_after_review", _("Filed after review"), 1, blank),
        ),
        unit=_("cases"),
        across=True,
    )


def documents_skeleton() -> ReportTable:
    """二, art. 20 item 1: 规章 and 行政规范性文件 × 本年制发 / 本年废止 / 现行有效."""
    columns = (
        ReportColumn("issued", _("Issued this year")),
        ReportColumn("repealed", _("Repealed this year")),
        ReportColumn("in_force", _("In force (documents)")),
    )
    blank = dict.fromkeys(c.key for c in columns)
    return ReportTable(
        section="二",
        key="documents",
        title=_("Article 20, item 1"),
        columns=columns,
        rows=(
            ReportRow("rule", _("Departmental rules"), 0, blank),
            ReportRow("normative", _("Normative documents"), 0, blank),
        ),
        column_heading=_("Information"),
        unit=pgettext("report unit", "documents"),
    )


def fees_skeleton() -> ReportTable:
    """六: the information-processing fees notified and collected (国办函〔2020〕109号)."""
    columns = (
        ReportColumn("count", _("Applications")),
        ReportColumn("amount", _("Amount (yuan)")),
    )
    blank = dict.fromkeys(c.key for c in columns)
    return ReportTable(
        section="六",
        key="fees",
        title=_("Information processing fees"),
        columns=columns,
        rows=(
            ReportRow("notified", _("Fees notified"), 0, blank),
            ReportRow("collected", _("Fees collected"), 0, blank),
        ),
    )


def skeletons() -> list[ReportTable]:
    """Every table the report holds, in the template's order."""
    return [documents_skeleton(), requests_skeleton(), appeals_skeleton(), fees_skeleton()]


# The cells of 二 the office enters (they come from other systems): the page's field, its
# table's key, and the row's key. Each has a ``<field>_source`` note beside it.
HAND_CELLS = [
    ("licence_decisions", "licences", "licence"),
    ("penalty_decisions", "enforcement", "penalty"),
    ("coercion_decisions", "enforcement", "coercion"),
    ("fee_amount", "charges", "charge"),
]


def plain_amount(amount: Decimal | None) -> Decimal | None:
    """An amount as written (0, 1.25), not with the column's four places (0.0000)."""
    if amount is None:
        return None
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def hand_tables(values: dict) -> list[ReportTable]:
    """二's three tables of hand-entered cells (art. 20 items 5, 6 and 8), from the page's
    fields: ``values`` maps each field of ``HAND_CELLS`` to its number (None: blank)."""
    decisions = (ReportColumn("decisions", _("Decisions this year")),)
    return [
        ReportTable(
            section="二",
            key="licences",
            title=_("Article 20, item 5"),
            columns=decisions,
            rows=(
                ReportRow(
                    "licence",
                    _("Administrative licences"),
                    0,
                    {"decisions": values.get("licence_decisions")},
                ),
            ),
            column_heading=_("Information"),
        ),
        ReportTable(
            section="二",
            key="enforcement",
            title=_("Article 20, item 6"),
            columns=decisions,
            rows=(
                ReportRow(
                    "penalty",
                    _("Administrative penalties"),
                    0,
                    {"decisions": values.get("penalty_decisions")},
                ),
                ReportRow(
                    "coercion",
                    _("Administrative coercion"),
                    0,
                    {"decisions": values.get("coercion_decisions")},
                ),
            ),
            column_heading=_("Information"),
        ),
        ReportTable(
            section="二",
            key="charges",
            title=_("Article 20, item 8"),
            columns=(ReportColumn("amount", _("Amount collected this year (10,000 yuan)")),),
            rows=(
                ReportRow(
                    "charge",
                    _("Administrative and institutional fees"),
                    0,
                    {"amount": plain_amount(values.get("fee_amount"))},
                ),
            ),
            column_heading=_("Information"),
        ),
    ]
