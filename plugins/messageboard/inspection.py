"""The message board's indicator of the self-inspection (网站自查, hook
``self_inspection_indicators``): valid messages still without a published reply past
their deadline (提醒), and past the national inspection's three months
(``MESSAGEBOARD_VETO_DAYS``: 单项否决风险, 互动回应差)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localtime
from django.utils.translation import npgettext, pgettext

from cms.plugin_api import INDICATOR_OK, INDICATOR_VETO, INDICATOR_WARNING, Evidence, Indicator
from cms.plugin_api import today as working_today
from plugins.messageboard import conf
from plugins.messageboard.inbox import overdue_q
from plugins.messageboard.models import Message
from plugins.messageboard.states import OPEN

LIMIT = 30


def unanswered(site) -> Indicator:
    """Messages of the site (on its policies, or on none) not yet answered in public."""
    on_site = Q(policy__path__startswith=site.root_page.path) | Q(policy__isnull=True)
    waiting = Message.objects.filter(on_site)
    veto_days = conf.get("MESSAGEBOARD_VETO_DAYS")
    horizon = timezone.now() - timedelta(days=veto_days)
    vetoed = list(
        waiting.filter(
            state__in=[Message.State.RECEIVED, *OPEN], received_at__lte=horizon
        ).order_by("received_at")
    )
    overdue = list(
        waiting.filter(overdue_q(working_today()))
        .exclude(pk__in=[m.pk for m in vetoed])
        .order_by("due_on")
    )

    def handle(message) -> str:
        return reverse("messageboard_admin:handle", args=[message.pk])

    evidence = [
        Evidence(
            pgettext(
                "message board self-inspection",
                "%(subject)s (received %(day)s, unanswered over %(days)s days)",
            )
            % {
                "subject": m.subject,
                "day": f"{localtime(m.received_at):%Y-%m-%d}",
                "days": veto_days,
            },
            handle(m),
            INDICATOR_VETO,
        )
        for m in vetoed[:LIMIT]
    ] + [
        Evidence(
            pgettext("message board self-inspection", "%(subject)s (due %(day)s, unanswered)")
            % {"subject": m.subject, "day": f"{m.due_on:%Y-%m-%d}"},
            handle(m),
            INDICATOR_WARNING,
        )
        for m in overdue[: max(0, LIMIT - len(vetoed))]
    ]
    parts = []
    if vetoed:
        parts.append(
            npgettext(
                "message board self-inspection",
                "%(count)s message unanswered over %(days)s days",
                "%(count)s messages unanswered over %(days)s days",
                len(vetoed),
            )
            % {"count": len(vetoed), "days": veto_days}
        )
    if overdue:
        parts.append(
            npgettext(
                "message board self-inspection",
                "%(count)s message past its reply deadline",
                "%(count)s messages past their reply deadline",
                len(overdue),
            )
            % {"count": len(overdue)}
        )
    status = INDICATOR_VETO if vetoed else INDICATOR_WARNING if overdue else INDICATOR_OK
    summary = (
        pgettext("message board self-inspection", "%(parts)s.")
        % {"parts": pgettext("message board self-inspection", "; ").join(parts)}
        if parts
        else pgettext("message board self-inspection", "No message is past its reply deadline.")
    )
    return Indicator(
        key="messageboard.unanswered",
        title=pgettext("message board self-inspection", "Replies to messages"),
        status=status,
        summary=summary,
        evidence=evidence,
        rule=pgettext(
            "message board self-inspection",
            "A valid message is answered within its reply deadline; one unanswered over "
            "%(days)s days (3 months) is a veto item.",
        )
        % {"days": veto_days},
    )
