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
            f"{m.subject}（{localtime(m.received_at):%Y-%m-%d} 收到，超过 {veto_days} 天未答复）",
            handle(m),
            INDICATOR_VETO,
        )
        for m in vetoed[:LIMIT]
    ] + [
        Evidence(f"{m.subject}（{m.due_on:%Y-%m-%d} 到期，未答复）", handle(m), INDICATOR_WARNING)
        for m in overdue[: max(0, LIMIT - len(vetoed))]
    ]
    parts = []
    if vetoed:
        parts.append(f"{len(vetoed)} 条留言超过 {veto_days} 天未答复")
    if overdue:
        parts.append(f"{len(overdue)} 条留言超过答复期限")
    status = INDICATOR_VETO if vetoed else INDICATOR_WARNING if overdue else INDICATOR_OK
    return Indicator(
        key="messageboard.unanswered",
        title="留言答复",
        status=status,
        summary="；".join(parts) + "。" if parts else "没有超过答复期限的留言。",
        evidence=evidence,
        rule=(f"有效留言应在答复期限内答复；超过 {veto_days} 天（3 个月）未答复，单项否决。"),
    )
