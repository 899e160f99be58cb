"""The delivery log in the admin: every outbox delivery, its state, and retrying it."""

import django_filters
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from . import outbox
from .models import Delivery

permission_policy = ModelPermissionPolicy(Delivery)


class DeliveryFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=gettext_lazy("State"), choices=Delivery.State.choices)
    channel = django_filters.CharFilter(label=gettext_lazy("Channel"))

    class Meta:
        model = Delivery
        fields = ["state", "channel"]


class RetryColumn(Column):
    cell_template_name = "cms/admin/delivery_retry_cell.html"

    def render_cell_html(self, instance, parent_context):
        # Rendered with the request, so the retry form gets its CSRF token.
        context = self.get_cell_context_data(instance, parent_context)
        return self.cell_template.render(context, request=context["request"])


class DeliveryReportView(ReportView):
    page_title = gettext_lazy("Deliveries")
    header_icon = "mail"
    index_url_name = "policy_cms_delivery_log"
    index_results_url_name = "policy_cms_delivery_log_results"
    filterset_class = DeliveryFilterSet
    permission_policy = permission_policy
    any_permission_required = ["view"]
    list_export = [
        "event",
        "channel",
        "recipient_label",
        "state",
        "attempts",
        "response",
        "last_error",
        "created_at",
        "delivered_at",
    ]

    def get_filename(self):
        return "deliveries"

    @property
    def columns(self):
        return [
            Column("event", label=_("Event")),
            Column("channel", label=_("Channel")),
            Column("recipient_label", label=_("Recipient")),
            Column("get_state_display", label=_("State")),
            Column("attempts", label=_("Attempts")),
            Column("outcome", label=_("Response or error"), accessor=self.outcome),
            DateColumn("created_at", label=_("Created at")),
            DateColumn("next_attempt_at", label=_("Next attempt at")),
            RetryColumn("retry", label=""),
        ]

    @staticmethod
    def outcome(delivery):
        return (
            delivery.response if delivery.state == Delivery.State.DELIVERED else delivery.last_error
        )

    def get_queryset(self):
        return Delivery.objects.select_related("event").order_by("-created_at", "-pk")


@require_POST
def retry_delivery(request, delivery_id):
    """Send a failed or dead delivery again (a fresh set of attempts)."""
    if not permission_policy.user_has_permission(request.user, "change"):
        messages.error(request, _("You may not retry deliveries."))
        return redirect("policy_cms_delivery_log")
    delivery = get_object_or_404(Delivery.objects.select_related("event"), pk=delivery_id)
    if delivery.state == Delivery.State.DELIVERED:
        messages.warning(request, _("This delivery has already succeeded; it is not sent twice."))
    else:
        outbox.retry(delivery, request.user)
        messages.success(request, _("Delivery queued again: %(delivery)s") % {"delivery": delivery})
    return redirect(reverse("policy_cms_delivery_log"))
