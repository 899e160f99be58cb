"""The annual government-information disclosure report (政府信息公开工作年度报告) as a page:
one per agency and year, under the agency's 政府信息公开年度报告 column, reviewed through a
Wagtail workflow (the office, then the leader) and published with its tables frozen in
the revision (docs/domain.md §7).

The tables are stored as they were assembled (``tables``, JSON of
``cms.extend.report_tables``); the page never recounts them, so a later change of the
records never alters a published report. A correction is a new revision published with
a change note. The assembly, the checks and the admin are in ``cms.reports``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Page, WorkflowState

from cms.admin_ui import notices
from cms.extend.page_tags import INFORMATION
from cms.models.frozen_reports import FrozenReportMixin
from cms.rules.permissions import ReviewedColumnPermissionTester

# Checks that must pass before a report is published (cms.reports.checks), handed over
# when the apps are ready: they read the plugins' counts, which sit above the models.
_publication_checks: list[Callable[[AnnualReportPage], list[str]]] = []


def register_publication_check(check: Callable[[AnnualReportPage], list[str]]) -> None:
    """Add a check run on the revision about to be published; its messages block it."""
    if check not in _publication_checks:
        _publication_checks.append(check)


def deadline(agency, year: int) -> date:
    """The day the report of ``year`` is due (art. 49): 31 January of the next year for a
    department, 31 March for a people's government."""
    if agency.kind == agency.Kind.GOVERNMENT:
        return date(year + 1, 3, 31)
    return date(year + 1, 1, 31)


class AnnualReportIndexPage(Page):
    """An agency's 政府信息公开年度报告 column: every year's published report."""

    agency = models.OneToOneField(
        "cms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="annual_report_index",
    )

    # The self-inspection's update limit (SELF_INSPECTION_COLUMN_DAYS).
    inspection_column_kind = "yearly"
    parent_page_types = ["cms.PolicyLibraryPage"]
    subpage_types = ["cms.AnnualReportPage"]
    # One list template for both report columns.
    template = "cms/report_index_page.html"

    class Meta:
        verbose_name = _("annual report column")

    def permissions_for_user(self, user):
        # Its reports go live only through their review (issue 28, try-out item 1).
        return ReviewedColumnPermissionTester(user, self)

    def column_tags(self) -> dict:
        """The column's page tags (cms.extend.page_tags)."""
        return {
            "ColumnDescription": f"{self.agency.name}政府信息公开工作年度报告",
            "ColumnKeywords": [self.agency.name, "政府信息公开", "年度报告"],
            "ColumnType": INFORMATION,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = (
            AnnualReportPage.objects.live().public().child_of(self).order_by("-year")
        )
        return context


def _decimal_places(value: Decimal | None) -> None:
    if value is not None and value.as_tuple().exponent < -4:
        raise ValidationError(_("At most four decimal places (10,000 yuan)."))


class AnnualReportPage(FrozenReportMixin, Page):
    """One agency's report of one year. Sections 一, 五 and 六 are the office's text; 二's
    hand-entered cells are fields with their sources; the tables counted by plugins or
    entered by hand are ``tables``."""

    agency = models.ForeignKey(
        "cms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2008), MaxValueValidator(2100)]
    )
    overview = RichTextField(_("1. General situation"), blank=True)
    problems = RichTextField(_("5. Main problems and improvements"), blank=True)
    other_matters = RichTextField(_("6. Other matters to report"), blank=True)

    licence_decisions = models.PositiveIntegerField(
        _("administrative licences: decisions this year"), null=True, blank=True
    )
    licence_source = models.CharField(_("source"), max_length=200, blank=True)
    penalty_decisions = models.PositiveIntegerField(
        _("administrative penalties: decisions this year"), null=True, blank=True
    )
    penalty_source = models.CharField(_("source"), max_length=200, blank=True)
    coercion_decisions = models.PositiveIntegerField(
        _("administrative coercion: decisions this year"), null=True, blank=True
    )
    coercion_source = models.CharField(_("source"), max_length=200, blank=True)
    fee_amount = models.DecimalField(
        _("administrative fees: amount collected this year (10,000 yuan)"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), _decimal_places],
    )
    fee_source = models.CharField(_("source"), max_length=200, blank=True)
    documents_difference_note = models.TextField(
        _("explanation of the documents in force"),
        blank=True,
        help_text=_(
            "Why this year's documents in force differ from last year's in force plus "
            "those issued minus those repealed (for example, documents not yet effective)."
        ),
    )
    change_note = models.CharField(
        _("change note"),
        max_length=300,
        blank=True,
        help_text=_("For a correction of a published report: what was corrected and why."),
    )
    tables = models.JSONField(_("tables"), default=list, blank=True, editable=False)
    assembled_at = models.DateTimeField(_("assembled"), null=True, blank=True, editable=False)

    parent_page_types = ["cms.AnnualReportIndexPage"]
    subpage_types: list[str] = []
    # Panels and the admin form are set when the apps are ready (cms.reports.panels):
    # they render the assembled tables, which the reports package reads.
    template = "cms/annual_report_page.html"

    class Meta:
        verbose_name = _("annual disclosure report")
        verbose_name_plural = _("annual disclosure reports")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_annual_report_per_year")
        ]

    def hand_values(self) -> dict:
        return {
            "licence_decisions": self.licence_decisions,
            "penalty_decisions": self.penalty_decisions,
            "coercion_decisions": self.coercion_decisions,
            "fee_amount": self.fee_amount,
        }

    @property
    def deadline(self) -> date:
        return deadline(self.agency, self.year)

    def publish(self, revision, *args, **kwargs):
        """Publish only a revision whose checks pass, whatever path publishes it (the
        editor, the last step of the workflow, a schedule, a shell)."""
        report = revision.as_object()
        errors = [message for check in _publication_checks for message in check(report)]
        if errors:
            raise ValidationError(errors)
        return super().publish(revision, *args, **kwargs)

    def article_tags(self) -> dict:
        """The report's page tags (cms.extend.page_tags)."""
        name = self.agency.name
        return {
            "ContentSource": name,
            "Author": name,
            "Keywords": [name, "政府信息公开工作年度报告", f"{self.year}年"],
            "Description": f"{name}{self.year}年政府信息公开工作年度报告",
        }


class AnnualReportApprovalTask(AbstractGroupApprovalTask):
    """A review step of the annual report (the office's, the leader's): a group approval
    that offers no approval while the report's checks fail, so a report whose numbers
    stopped adding up (last year's report corrected meanwhile, say) is returned, never
    published by the last step."""

    class Meta:
        verbose_name = _("annual report approval step")
        verbose_name_plural = _("annual report approval steps")

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve the annual disclosure report; approval is "
            "offered only while its checks pass."
        )

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        page = getattr(obj, "specific", obj)
        if not actions:
            return actions
        if isinstance(page, AnnualReportPage):
            report = page.get_latest_revision_as_object()
            failing = any(check(report) for check in _publication_checks)
        elif hasattr(page, "publication_errors"):  # the website annual report, same workflow
            failing = bool(page.get_latest_revision_as_object().publication_errors())
        else:
            return actions
        if failing:
            actions = [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        super().on_action(task_state, user, action_name, **kwargs)
        if action_name == "approve":
            # In place of Wagtail's “page updated”: the step passed and what comes next.
            text = approval_notice(task_state.workflow_state, self.name)
            notices.tell(user, messages.SUCCESS, text, kind="approved")


def approval_notice(workflow_state, step: str) -> str:
    """What approving a report's step did: it awaits the next step, or it is published."""
    workflow_state = WorkflowState.objects.get(pk=workflow_state.pk)
    report = workflow_state.content_object.specific
    values = {"title": report.get_admin_display_title(), "step": step}
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        values["next"] = workflow_state.current_task_state.task.name
        return gettext("“%(title)s” passed %(step)s; it now awaits %(next)s.") % values
    if type(report).objects.filter(pk=report.pk, live=True).exists():
        return gettext("“%(title)s” passed %(step)s and is published.") % values
    return gettext("“%(title)s” passed %(step)s.") % values
