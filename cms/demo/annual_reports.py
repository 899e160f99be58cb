"""The demo's annual disclosure reports (issue 28): 江岭市统计局's report of 2025
published, its tables counted from the demo's documents and requests, and a draft of
2026 whose cell of administrative licences is still empty, so the editor shows a failing
check. Run after the plugins' demo content, which the tables count; safe to run again."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cms.extend.report_tables import table_to_data
from cms.models import Agency
from cms.reports import checks
from cms.reports.assembly import is_manual
from cms.reports.drafts import start_draft

AGENCY = "江岭市统计局"
# The office's text of the demo (written for the demo).
TEXTS = {
    "overview": (
        "<p>本年度，本局围绕统计数据发布和统计法规宣传，坚持以公开为常态，主动公开统计公报、"
        "统计数据解读和规范性文件，依法办理政府信息公开申请。</p>"
        "<p>政策文件与解读同步起草、同步审签、同步发布，文件库按有效性标注现行有效和已废止文件。</p>"
    ),
    "problems": (
        "<p>部分解读材料形式较为单一，图表解读偏少。下一年度将增加图解和问答形式，"
        "并按月核对文件有效性标注。</p>"
    ),
    "other_matters": "<p>本年度无其他需要报告的事项。</p>",
}
HAND = {
    "licence_decisions": 0,
    "licence_source": "市政务服务平台",
    "penalty_decisions": 6,
    "penalty_source": "统计执法监督系统",
    "coercion_decisions": 0,
    "coercion_source": "统计执法监督系统",
    "fee_amount": Decimal("0"),
    "fee_source": "本局财务处",
}


def _fill(report, **hand) -> None:
    for name, value in {**TEXTS, **HAND, **hand}.items():
        setattr(report, name, value)
    tables = []
    for table in report.frozen_tables():
        if is_manual(table):  # the demo enters a table no plugin counts as zeros
            rows = tuple(
                row if row.is_heading else replace(row, cells=dict.fromkeys(row.cells, 0))
                for row in table.rows
            )
            table = replace(table, rows=rows)
        tables.append(table_to_data(table))
    report.tables = tables


def load_demo_reports(base_url: str) -> list[str]:
    """Create the demo's reports if missing; returns the lines load_demo prints."""
    agency = Agency.objects.filter(name=AGENCY).first()
    if agency is None:
        return []
    published = start_draft(agency, 2025)
    if not published.live:
        _fill(published)
        if checks.errors(published):
            # The demo's history starts in 2024: what was in force before is unknown.
            published.documents_difference_note = _(
                "The documents in force before the system's records began are not counted."
            )
        try:
            published.save_revision().publish()
        except ValidationError as error:
            errors = "；".join(error.messages)
            return [_("Annual report of 2025 left as a draft: %(errors)s") % {"errors": errors}]
    draft = start_draft(agency, 2026)
    if not draft.licence_source:
        # The draft's one failing check is the licence figure. (The demo's document taking
        # effect next month, the validity plugin's, is issued this year and not yet in
        # force: the check of the documents in force counts it so, nothing to explain.)
        _fill(draft, licence_decisions=None)
        draft.save_revision()
    return [
        _("Annual disclosure report of 2025 (published): %(url)s")
        % {"url": base_url + published.url},
        _("Its draft of 2026, with a failing check: %(url)s")
        % {"url": f"{base_url}/admin/pages/{draft.pk}/edit/"},
    ]
