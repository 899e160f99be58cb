"""Starting a year's report: the agency's 政府信息公开年度报告 column (made on demand under
its policy library, with the annual report workflow), and the draft with last year's text
offered as a start and the tables assembled from the records."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.models import Workflow, WorkflowPage

from cms.models import AnnualReportIndexPage, AnnualReportPage
from cms.models.home import ensure_library
from cms.reports.assembly import assemble_into

# Created by the data migration 0019_annual_report_workflow.
WORKFLOW = "年度报告审核"
TEXT_FIELDS = ("overview", "problems", "other_matters")


def ensure_index(agency) -> AnnualReportIndexPage | None:
    """The agency's report column, created (live, with the report workflow) if missing;
    None while the site has no home page."""
    existing = AnnualReportIndexPage.objects.filter(agency=agency).first()
    if existing:
        return existing
    library = ensure_library(agency)
    if library is None:
        return None
    index = AnnualReportIndexPage(
        title=_("Annual reports on government information disclosure"),
        slug="annual-reports",
        agency=agency,
    )
    library.add_child(instance=index)
    index.save_revision().publish()
    workflow = Workflow.objects.filter(name=WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return index


def last_year_texts(agency, year: int) -> dict[str, str]:
    """Sections 一, 五 and 六 of last year's report (as published, else its draft), to
    start from."""
    earlier = AnnualReportPage.objects.filter(agency=agency, year=year - 1).first()
    if earlier is None:
        return {}
    earlier = earlier.get_latest_revision_as_object() if not earlier.live else earlier
    return {field: getattr(earlier, field) for field in TEXT_FIELDS}


def start_draft(agency, year: int, user=None) -> AnnualReportPage:
    """The agency's report of ``year``: the existing one, or a new draft with last year's
    text and the tables assembled now."""
    existing = AnnualReportPage.objects.filter(agency=agency, year=year).first()
    if existing is not None:
        return existing
    index = ensure_index(agency)
    report = AnnualReportPage(
        title=_("%(agency)s annual report on government information disclosure %(year)s")
        % {"agency": agency.name, "year": year},
        slug=str(year),
        agency=agency,
        year=year,
        live=False,
        owner=user,
        **last_year_texts(agency, year),
    )
    assemble_into(report)
    index.add_child(instance=report)
    report.save_revision(user=user)
    return report
