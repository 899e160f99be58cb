"""The website annual report in the admin: its edit form and panel (the identity and the
tables as the public will see them, computed cells read-only and linked to their records
where a plugin names them, those entered by hand as inputs, the checks' errors and the
numbers changed since the assembly), its lines in Reports → 年度报告, starting a year's
draft and the Word file for the office."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel, TitleFieldPanel
from wagtail.models import Site

from cms.models import WebsiteReportPage
from cms.models.website_reports import website_deadline
from cms.reports import website, website_word
from cms.reports import website_layout as layout
from cms.reports.admin_views import _state, latest_word_file
from cms.reports.forms import AnnualReportPageForm
from cms.reports.panels import keep_openable_links
from cms.reports.render import table_view
from cms.workdays import today as today_in_china


class WebsiteReportPageForm(AnnualReportPageForm):
    """The disclosure report's form (assembling again, reading the cells entered by hand),
    with the website report's assembly and checks."""

    def __init__(self, *args, **kwargs):
        WagtailAdminPageForm.__init__(self, *args, **kwargs)
        self.refused_cells: set[tuple[str, str]] = set()

    def _number(self, text: str, table, row_key, column_key):
        """A count: a whole number from 0 to ``MAX_ENTERED`` (full-width digits and
        thousands separators read too); the mean working days may have a decimal."""
        text = unicodedata.normalize("NFKC", text).strip().replace(",", "")
        if not text:
            return None
        cell = f"{website.cell_name(table, row_key)}·{table.columns[0].label}"
        counted = (table.key, row_key) not in layout.NOT_COUNTS
        pattern = r"[0-9]+" if counted else r"[0-9]+(\.[0-9]+)?"
        try:
            value = Decimal(text) if re.fullmatch(pattern, text) else None
        except InvalidOperation:
            value = None
        if value is None:
            message = (
                _("%(cell)s must be a whole number of at least 0.")
                if counted
                else _("%(cell)s must be a number of at least 0.")
            )
            self.add_error(None, message % {"cell": cell})
        elif value > layout.MAX_ENTERED:
            self.add_error(
                None,
                _("%(cell)s cannot exceed %(max)s.") % {"cell": cell, "max": layout.MAX_ENTERED},
            )
        else:
            return int(value) if counted else value
        self.refused_cells.add((table.key, row_key))
        return None

    def _post_clean(self):
        WagtailAdminPageForm._post_clean(self)
        report = self.instance
        if not report.site_id:
            report.site = getattr(self.parent_page, "get_site", lambda: None)()
        if not report.site_id or not report.year:
            return
        if self.year_taken(report, site_id=report.site_id):
            self.add_error("year", _("The site already has a website report of this year."))
            return
        if self.cleaned_data.get("reassemble") or not report.tables:
            website.assemble_into(report)
        self._read_entered_cells(report)
        if self.is_finalising() and not self.errors:
            for message in website.errors(report, self.refused_cells):
                self.add_error(None, message)


class WebsiteReportPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/website_report_tables.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            report = self.instance
            data = self.form.data if self.form.is_bound else None
            ready = bool(report.tables) and bool(report.site_id) and bool(report.year)
            context.update(
                identity=website.identity_lines(report),
                tables=keep_openable_links(
                    [table_view(t, data) for t in report.frozen_tables()], self.request
                ),
                assembled_at=report.assembled_at,
                errors=website.errors(report, getattr(self.form, "refused_cells", ()))
                if ready
                else [],
                warnings=website.warnings(report) if ready else [],
            )
            return context


def content_panels() -> list:
    return [
        TitleFieldPanel("title"),
        FieldPanel("year"),
        MultiFieldPanel(
            [FieldPanel("reassemble"), WebsiteReportPanel()],
            heading=gettext_lazy("Identity and tables"),
        ),
        FieldPanel("change_note"),
    ]


def lines(years: list[int], today) -> list[dict]:
    """Reports → 年度报告's lines of the website reports: every site × year."""
    reports = {(r.site_id, r.year): r for r in WebsiteReportPage.objects.filter(year__in=years)}
    found = []
    for year in years:
        for site in Site.objects.order_by("site_name", "hostname"):
            report = reports.get((site.pk, year))
            due = website_deadline(year)
            found.append(
                {
                    "site": site,
                    "year": year,
                    "report": report,
                    "state": _state(report),
                    "deadline": due,
                    "late": due < today and not (report and report.live),
                }
            )
    return found


@require_POST
def start_report(request, site_id: int, year: int):
    """Start the site's website report of ``year`` (or open it if it exists)."""
    site = get_object_or_404(Site, pk=site_id)
    if not site.root_page.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    if not 2008 <= year <= today_in_china().year:
        messages.error(request, _("There is no report of that year to start."))
        return redirect(reverse("policy_cms_annual_reports"))
    try:
        report = website.start_draft(site, year, request.user)
    except ValueError:
        messages.error(request, _("The site has no home page to hold its website reports."))
        return redirect(reverse("policy_cms_annual_reports"))
    return redirect("wagtailadmin_pages:edit", report.pk)


def word_file(request, report_id: int):
    """The website report's Word file from its latest revision."""
    return latest_word_file(request, WebsiteReportPage, website_word, report_id)
