"""Reports → 年度报告: every agency's annual disclosure reports by year, with their state
and deadline, a link to edit each, and a button to start a year's draft."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from cms.extend.word_templates import WordTemplateError
from cms.models import Agency, AnnualReportPage
from cms.models.annual_reports import deadline
from cms.models.home import ensure_library
from cms.reports import word
from cms.reports.drafts import start_draft
from cms.workdays import today as today_in_china

YEARS_SHOWN = 3


def _state(report) -> str:
    if report is None:
        return pgettext("annual report", "Not started")
    if report.live and report.has_unpublished_changes:
        return _("Published; a correction is in draft")
    if report.live:
        return _("Published")
    workflow_state = report.current_workflow_state
    if workflow_state is not None and workflow_state.current_task_state is not None:
        return _("In review: %(step)s") % {"step": workflow_state.current_task_state.task.name}
    return _("Draft")


def report_list(request):
    """Every agency's reports of the last years, newest year first."""
    today = today_in_china()
    years = list(range(today.year - 1, today.year - 1 - YEARS_SHOWN, -1))
    if AnnualReportPage.objects.filter(year=today.year).exists():
        years.insert(0, today.year)  # a draft of the year under way, started early
    reports = {
        (r.agency_id, r.year): r
        for r in AnnualReportPage.objects.filter(year__in=years).select_related("agency")
    }
    lines = []
    for year in years:
        for agency in Agency.objects.order_by("name"):
            report = reports.get((agency.pk, year))
            due = deadline(agency, year)
            lines.append(
                {
                    "agency": agency,
                    "year": year,
                    "report": report,
                    "state": _state(report),
                    "deadline": due,
                    "late": due < today and not (report and report.live),
                }
            )
    return TemplateResponse(
        request,
        "cms/admin/annual_reports.html",
        {"title": _("Annual reports"), "lines": lines},
    )


@require_POST
def start_report(request, agency_id: int, year: int):
    """Start the agency's draft of ``year`` (or open it if it exists)."""
    agency = get_object_or_404(Agency, pk=agency_id)
    library = ensure_library(agency)
    if library is None or not library.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    if not 2008 <= year <= today_in_china().year:
        messages.error(request, _("There is no report of that year to start."))
        return redirect(reverse("policy_cms_annual_reports"))
    report = start_draft(agency, year, request.user)
    return redirect("wagtailadmin_pages:edit", report.pk)


def latest_word_file(request, model, module, report_id: int):
    """A report's Word file as it stands in its latest revision (the draft under review,
    or the published version when nothing is pending), for the office and reviewers;
    ``module`` renders it (``word_file``) and names the download (``response``)."""
    page = get_object_or_404(model, pk=report_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    report = page.get_latest_revision_as_object()
    try:
        data = module.word_file(report)
    except WordTemplateError as error:
        messages.error(request, str(error))
        return redirect(reverse("policy_cms_annual_reports"))
    return module.response(data, report)


def word_file(request, report_id: int):
    """The disclosure report's Word file from its latest revision."""
    return latest_word_file(request, AnnualReportPage, word, report_id)
