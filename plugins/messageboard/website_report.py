"""The message board's part of the website annual report (政府网站工作年度报表, hook
``website_report_tables``): messages received in the year, answered in it, the mean
working days from acceptance to the answer, and replies published in it, for one site
(messages on its policies; a message on no policy belongs to the default site). Spam is
not a message received."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.plugin_api import Calendar, ReportColumn, ReportRow, ReportTable
from plugins.messageboard.models import PUBLIC, Message


def _on_site(site) -> Q:
    on_policies = Q(policy__path__startswith=site.root_page.path)
    return on_policies | Q(policy__isnull=True) if site.is_default_site else on_policies


def messages_table(year: int, site) -> ReportTable:
    """The report's table 网站/messages, counted from the messages' dates."""
    messages = Message.objects.filter(_on_site(site)).exclude(state=Message.State.SPAM)
    received = messages.filter(received_at__year=year).count()
    answered = list(
        messages.filter(answered_at__year=year).values_list("accepted_on", "answered_at")
    )
    calendar = Calendar()
    days = [
        calendar.between(accepted, timezone.localtime(at).date())
        for accepted, at in answered
        if accepted is not None
    ]
    mean = (
        (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if days
        else Decimal("0.0")
    )
    published = messages.filter(PUBLIC, published_at__year=year).count()
    inbox = reverse("messageboard_admin:inbox")
    values = [
        ("received", _("Messages received"), received, "received"),
        ("answered", _("Messages answered"), len(answered), "answered"),
        ("mean_days", _("Mean time to answer (working days)"), mean, "answered"),
        ("published", _("Replies published"), published, "published"),
    ]
    return ReportTable(
        section="网站",
        key="messages",
        title=_("Messages handled"),
        columns=(ReportColumn("value", _("Quantity")),),
        rows=tuple(
            ReportRow(
                key,
                label,
                0,
                {"value": n},
                {"value": f"{inbox}?tab=all&counted={what}&year={year}"},
            )
            for key, label, n, what in values
        ),
    )
