"""The bundle report: every bundle's state and the time it spent at each review level."""

import datetime
from dataclasses import dataclass, field

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import TaskState, WorkflowState

from cms.models import Division, PolicyPage, Submission
from cms.rules.disclosure import published_status


@dataclass
class BundleRow:
    policy: PolicyPage
    state: str
    state_label: str
    level: int | None = None
    hours: dict[str, float] = field(default_factory=dict)

    @property
    def hours_text(self):
        return "；".join(f"{name} {hours:g} 小时" for name, hours in self.hours.items())

    @property
    def title(self):
        return self.policy.get_admin_display_title()

    @property
    def division(self):
        return self.policy.division.name

    @property
    def agency(self):
        return self.policy.agency.name


def bundle_state(
    policy: PolicyPage, workflow_state, last_submission
) -> tuple[str, str, int | None]:
    """(code, label, level) of a bundle: draft, returned, in_review (level N), sent_back,
    scheduled, published or withdrawn."""
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        task = workflow_state.current_task_state.task if workflow_state.current_task_state else None
        tasks = list(workflow_state.workflow.tasks.values_list("pk", flat=True))
        level = tasks.index(task.pk) + 1 if task and task.pk in tasks else None
        label = _("In review at level %(level)s (%(task)s)") % {"level": level, "task": task}
        return "in_review", label, level
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return "sent_back", _("Sent back for changes"), None
    last = last_submission.state if last_submission else None
    if last == Submission.State.SCHEDULED:
        when = timezone.localtime(last_submission.go_live_at).strftime("%Y-%m-%d %H:%M")
        return "scheduled", _("Scheduled for %(when)s") % {"when": when}, None
    if policy.live:
        return "published", published_status(policy.disclosure) or _("Published"), None
    if last == Submission.State.RETURNED:
        return "returned", _("Returned (退文)"), None
    if policy.first_published_at:
        return "withdrawn", pgettext("bundle state", "Withdrawn"), None
    return "draft", _("Draft"), None


def hours_per_level(task_states, now=None) -> dict[str, float]:
    """Hours spent at each review level, over every review of the bundle."""
    now = now or timezone.now()
    hours: dict[str, float] = {}
    for state in task_states:
        spent = (state.finished_at or now) - state.started_at
        name = str(state.task.name)
        hours[name] = hours.get(name, 0.0) + round(spent.total_seconds() / 3600, 2)
    return hours


def bundle_rows(policies) -> list[BundleRow]:
    """One row per policy, in the order given."""
    policies = list(policies)
    ids = [str(p.pk) for p in policies]
    states = {
        s.object_id: s
        for s in WorkflowState.objects.active()
        .filter(object_id__in=ids)
        .select_related("workflow", "current_task_state__task")
    }
    task_states: dict[str, list] = {}
    for state in TaskState.objects.filter(workflow_state__object_id__in=ids).select_related(
        "task", "workflow_state"
    ):
        task_states.setdefault(state.workflow_state.object_id, []).append(state)
    last_submissions = {}
    for submission in Submission.objects.filter(policy__in=policies).order_by("submitted_at", "pk"):
        last_submissions[submission.policy_id] = submission
    rows = []
    for policy in policies:
        code, label, level = bundle_state(
            policy, states.get(str(policy.pk)), last_submissions.get(policy.pk)
        )
        rows.append(
            BundleRow(
                policy, code, label, level, hours_per_level(task_states.get(str(policy.pk), []))
            )
        )
    return rows


class BundleReportFilterSet(WagtailFilterSet):
    division = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Drafting division"),
        queryset=Division.objects.select_related("agency"),
        empty_label=gettext_lazy("All divisions"),
    )

    class Meta:
        model = PolicyPage
        fields = ["division"]


class BundleReportView(ReportView):
    page_title = gettext_lazy("Bundles")
    header_icon = "tasks"
    index_url_name = "policy_cms_bundle_report"
    index_results_url_name = "policy_cms_bundle_report_results"
    filterset_class = BundleReportFilterSet
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "agency", "division", "state_label", "hours_text"]
    export_headings = {
        "title": gettext_lazy("Title"),
        "agency": gettext_lazy("Agency"),
        "division": gettext_lazy("Drafting division"),
        "state_label": gettext_lazy("State"),
        "hours_text": gettext_lazy("Hours at each level"),
    }

    def get_filename(self):
        return f"bundles-{datetime.date.today():%Y-%m-%d}"

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Title"),
                get_url=lambda row: f"/admin/pages/{row.policy.pk}/edit/",
            ),
            Column("division", label=_("Drafting division")),
            Column("state_label", label=_("State")),
            Column("hours_text", label=_("Hours at each level")),
        ]

    def get_queryset(self):
        return PolicyPage.objects.select_related("agency", "division").order_by(
            "-latest_revision_created_at", "-pk"
        )

    def paginate_queryset(self, queryset, page_size):
        # The table is built from the paginated list, so rows are made here.
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        return paginator, page, self.decorate_paginated_queryset(object_list), is_paginated

    def decorate_paginated_queryset(self, object_list):
        if object_list and isinstance(object_list[0], BundleRow):
            return object_list
        return bundle_rows(object_list)
