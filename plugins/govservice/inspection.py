"""The service links' indicator of the self-inspection (网站自查, hook
``self_inspection_indicators``): online service items linked from the site's public
policies that the patrol found broken (失效链接 lose points in the national inspection)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import npgettext, pgettext

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
            _evidence(item),
            reverse("govservice_admin:checks", args=[item.pk]),
        )
        for item in broken[:LIMIT]
    ]
    return Indicator(
        key="govservice.broken_links",
        title=pgettext("service links self-inspection", "Service links"),
        status=INDICATOR_WARNING if broken else INDICATOR_OK,
        summary=(
            npgettext(
                "service links self-inspection",
                "The patrol found %(count)s online service item's link broken.",
                "The patrol found %(count)s online service items' links broken.",
                len(broken),
            )
            % {"count": len(broken)}
            if broken
            else pgettext(
                "service links self-inspection",
                "Every online service item linked from a policy works.",
            )
        ),
        evidence=evidence,
        rule=pgettext(
            "service links self-inspection",
            "A policy's link to an online service must open the service's page; a broken "
            "link loses points and is repaired or hidden.",
        ),
    )


def _evidence(item) -> str:
    """The item, its address, since when it is broken and the last check's result."""
    if item.broken_since:
        text = pgettext(
            "service links self-inspection", "%(name)s (%(url)s) broken since %(day)s"
        ) % {
            "name": item.name,
            "url": item.url,
            "day": f"{localtime(item.broken_since):%Y-%m-%d}",
        }
    else:
        text = pgettext("service links self-inspection", "%(name)s (%(url)s) broken") % {
            "name": item.name,
            "url": item.url,
        }
    if item.last_result:
        text = pgettext("service links self-inspection", "%(item)s: %(result)s") % {
            "item": text,
            "result": item.last_result,
        }
    return text
