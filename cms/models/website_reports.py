"""The website annual report (政府网站工作年度报表, 政府网站发展指引) as a page: one per
site and year, in the site's 政府网站工作年度报表 column under its home page, reviewed
through the same workflow as the disclosure report (年度报告审核) and published with its
identity and tables frozen in the revision, due by 31 January of the next year.

As with the disclosure report, the page never recounts: ``identity`` and ``tables`` are
stored as assembled (``cms.reports.website``), and a correction is a new revision with a
change note."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.models.frozen_reports import FrozenReportMixin
from cms.rules.permissions import ReviewedColumnPermissionTester

# The checks that must pass before a report is published (cms.reports.website), handed
# over when the apps are ready, as for the disclosure report.
_publication_checks: list[Callable[[WebsiteReportPage], list[str]]] = []


def register_website_check(check: Callable[[WebsiteReportPage], list[str]]) -> None:
    """Add a check run on the revision about to be published; its messages block it."""
    if check not in _publication_checks:
        _publication_checks.append(check)


def website_deadline(year: int) -> date:
    """The website report of ``year`` is published in January of the next year."""
    return date(year + 1, 1, 31)


class WebsiteReportIndexPage(Page):
    """A site's 政府网站工作年度报表 column: every year's published website report."""

    # The self-inspection's update limit (SELF_INSPECTION_COLUMN_DAYS).
    inspection_column_kind = "yearly"
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.WebsiteReportPage"]
    max_count_per_parent = 1
    template = "cms/report_index_page.html"

    class Meta:
        verbose_name = _("website report column")

    def permissions_for_user(self, user):
        # Its reports go live only through their review (issue 28, try-out item 1).
        return ReviewedColumnPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = (
            WebsiteReportPage.objects.live().public().child_of(self).order_by("-year")
        )
        return context


class WebsiteReportPage(FrozenReportMixin, Page):
    """One site's report of one year: its identity and tables as assembled (counted by the
    core and the plugins, or entered by hand)."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2008), MaxValueValidator(2100)]
    )
    identity = models.JSONField(_("identity"), default=dict, blank=True, editable=False)
    tables = models.JSONField(_("tables"), default=list, blank=True, editable=False)
    assembled_at = models.DateTimeField(_("assembled"), null=True, blank=True, editable=False)
    change_note = models.CharField(
        _("change note"),
        max_length=300,
        blank=True,
        help_text=_("For a correction of a published report: what was corrected and why."),
    )

    parent_page_types = ["cms.WebsiteReportIndexPage"]
    subpage_types: list[str] = []
    # Panels and the admin form are set when the apps are ready (cms.reports.website_admin).
    template = "cms/website_report_page.html"

    class Meta:
        verbose_name = _("website annual report")
        verbose_name_plural = _("website annual reports")
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="one_website_report_per_year")
        ]

    def article_tags(self) -> dict:
        """The report's page tags (cms.extend.page_tags): its source is the site's 主办单位."""
        from cms.models.site_identity import SiteIdentity

        sponsor = self.identity.get("sponsor") or SiteIdentity.for_site(self.site).sponsor
        name = self.identity.get("name") or self.site.site_name or ""
        title = f"{name}{self.year}年政府网站工作年度报表"
        return {
            "ContentSource": sponsor,
            "Author": sponsor,
            "Keywords": [sponsor, "政府网站工作年度报表", f"{self.year}年"],
            "Description": self.search_description or title,
        }

    @property
    def deadline(self) -> date:
        return website_deadline(self.year)

    def publication_errors(self) -> list[str]:
        """Every reason this version may not be published (the checks)."""
        return [message for check in _publication_checks for message in check(self)]

    def publish(self, revision, *args, **kwargs):
        """Publish only a revision whose checks pass, whatever path publishes it."""
        errors = revision.as_object().publication_errors()
        if errors:
            raise ValidationError(errors)
        return super().publish(revision, *args, **kwargs)
