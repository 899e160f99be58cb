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

from cms.delivery import outbox
from cms.extend import plugin_manager
from cms.models import Delivery

permission_policy = ModelPermissionPolicy(Delivery)


def channel_label(name: str) -> str:
    """A channel's name for people (邮件, Webhook), or its code if it is not enabled."""
    channel = plugin_manager.channels().get(name)
    return str(channel.label) if channel is not None and channel.label else name


def channel_choices() -> list[tuple[str, str]]:
    return [
        (name, str(channel.label or name)) for name, channel in plugin_manager.channels().items()
    ]


# What a channel's note of a delivery says, for the codes the built-in channels store.
NOTES = {"sent": gettext_lazy("Sent")}
# Longer error texts show their start; the rest opens on demand.
OUTCOME_SHOWN = 60


class DeliveryFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=gettext_lazy("State"), choices=Delivery.State.choices)
    channel = django_filters.ChoiceFilter(label=gettext_lazy("Channel"), choices=channel_choices)

    class Meta:
        model = Delivery
        fields = ["state", "channel"]


class RetryColumn(Column):
    cell_template_name = "cms/admin/delivery_retry_cell.html"

    def render_cell_html(self, instance, parent_context):
        # Rendered with the request, so the retry form gets its CSRF token.
        context = self.get_cell_context_data(instance, parent_context)
        return self.cell_template.render(context, request=context["request"])


class OutcomeColumn(Column):
    """The response or the error: a short one whole, a long one cut, the rest on demand."""

    cell_template_name = "cms/admin/delivery_outcome_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        text = outcome(instance)
        context["text"] = text
        context["short"] = text[:OUTCOME_SHOWN] if len(text) > OUTCOME_SHOWN else ""
        return context


def outcome(delivery) -> str:
    if delivery.state == Delivery.State.DELIVERED:
        return str(NOTES.get(delivery.response, delivery.response))
    return delivery.last_error


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
        "channel_label",
        "recipient_label",
        "get_state_display",
        "attempts",
        "response",
        "last_error",
        "created_at",
        "delivered_at",
    ]
    export_headings = {
        "event": gettext_lazy("Event"),
        "channel_label": gettext_lazy("Channel"),
        "recipient_label": gettext_lazy("Recipient"),
        "get_state_display": gettext_lazy("State"),
        "attempts": gettext_lazy("Attempts"),
        "response": gettext_lazy("response"),
        "last_error": gettext_lazy("last error"),
        "created_at": gettext_lazy("Created at"),
        "delivered_at": gettext_lazy("delivered at"),
    }

    def get_filename(self):
        return "deliveries"

    @property
    def columns(self):
        return [
            Column("event", label=_("Event")),
            Column("channel", label=_("Channel"), accessor=lambda d: channel_label(d.channel)),
            Column("recipient_label", label=_("Recipient")),
            Column("get_state_display", label=_("State")),
            Column("attempts", label=_("Attempts")),
            OutcomeColumn("outcome", label=_("Response or error")),
            DateColumn("created_at", label=_("Created at")),
            DateColumn("next_attempt_at", label=_("Next attempt at")),
            RetryColumn("retry", label=""),
        ]

    def to_row_dict(self, item):
        item.channel_label = channel_label(item.channel)
        return super().to_row_dict(item)

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
        label = f"{channel_label(delivery.channel)} → {delivery.recipient_label}"
        messages.success(request, _("Delivery queued again: %(delivery)s") % {"delivery": label})
    return redirect(reverse("policy_cms_delivery_log"))
