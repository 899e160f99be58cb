"""The service links' indicator of the self-inspection (网站自查, hook
``self_inspection_indicators``): online service items linked from the site's public
policies that the patrol found broken (失效链接 lose points in the national inspection)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.timezone import localtime

from cms.plugin_api import INDICATOR_OK, INDICATOR_WARNING, Evidence, Indicator, public_policies
from plugins.govservice.models import ServiceItem

LIMIT = 30


def broken_links(site) -> Indicator:
    policies = public_policies().filter(path__startswith=site.root_page.path)
    broken = list(
        ServiceItem.objects.filter(health=ServiceItem.Health.BROKEN, links__policy__in=policies)
        .distinct()
        .order_by("broken_since", "pk")
    )
    evidence = [
        Evidence(
            f"{item.name}（{item.url}）"
            + (f"{localtime(item.broken_since):%Y-%m-%d} 起失效" if item.broken_since else "失效")
            + (f"：{item.last_result}" if item.last_result else ""),
            reverse("govservice_admin:checks", args=[item.pk]),
        )
        for item in broken[:LIMIT]
    ]
    return Indicator(
        key="govservice.broken_links",
        title="办事服务链接",
        status=INDICATOR_WARNING if broken else INDICATOR_OK,
        summary=(
            f"巡查发现 {len(broken)} 个政务服务事项的链接失效。"
            if broken
            else "政策关联的政务服务事项链接都有效。"
        ),
        evidence=evidence,
        rule="“办”字链接应能打开对应的办事页面；失效链接扣分，应修复或隐藏。",
    )
