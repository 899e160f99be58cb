"""The daily self-inspection (beat, ``cms.tasks.self_inspection``): every site is judged,
and the editorial directors (编辑部主任, who answer for the site's content; the web editors
while no director has a mail address) are mailed when an indicator becomes a veto risk
(单项否决风险). Each is mailed once, when it appears: the risks already told are kept
(``VetoAlert``) and forgotten once the indicator is no longer one, so a return is told
again."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Site

from cms.access.mail import addresses, mail_members, members
from cms.access.roles import Role
from cms.extend.inspection import VETO
from cms.inspection.indicators import inspect
from cms.models import VetoAlert


def recipients() -> list[str]:
    """The roles mailed: the editorial directors, the web editors while no director has
    a mail address."""
    directors = [Role.EDITORIAL_DIRECTOR]
    return directors if addresses(members(roles=directors)) else [Role.WEB_EDITOR]


def report_url(site: Site) -> str:
    base = (getattr(settings, "SITE_BASE_URL", "") or "").rstrip("/")
    return f"{base}{reverse('policy_cms_self_inspection')}?site={site.pk}"


def check_site(site: Site, now=None) -> list[str]:
    """Judge the site; mail the veto risks that are new. Returns the new ones' keys."""
    now = now or timezone.now()
    indicators = inspect(site, now)
    vetoes = {i.key: i for i in indicators if i.status == VETO}
    with transaction.atomic():
        known = set(VetoAlert.objects.filter(site=site).values_list("key", flat=True))
        VetoAlert.objects.filter(site=site).exclude(key__in=list(vetoes)).delete()
        new = [key for key in vetoes if key not in known]
        VetoAlert.objects.bulk_create([VetoAlert(site=site, key=key, since=now) for key in new])
    if new:
        name = site.site_name or site.hostname
        base = (getattr(settings, "SITE_BASE_URL", "") or "").rstrip("/")
        lines = [
            _("The self-inspection found new veto risks on “%(site)s”; please deal with them:")
            % {"site": name},
            "",
        ]
        for key in new:
            indicator = vetoes[key]
            lines += [
                _("■ %(title)s: %(summary)s")
                % {"title": indicator.title, "summary": indicator.summary},
                _("  Rule: %(rule)s") % {"rule": indicator.rule},
            ]
            for evidence in indicator.evidence[:10]:
                if evidence.status == VETO:
                    url = base + evidence.url if evidence.url.startswith("/") else evidence.url
                    lines.append(f"  - {evidence.label} {url}".rstrip())
            lines.append("")
        lines.append(_("The whole self-inspection: %(url)s") % {"url": report_url(site)})
        mail_members(
            ngettext(
                "[Self-inspection] %(site)s: %(count)s veto risk",
                "[Self-inspection] %(site)s: %(count)s veto risks",
                len(new),
            )
            % {"site": name, "count": len(new)},
            "\n".join(lines),
            roles=recipients(),
        )
    return new


def run(now=None) -> dict[str, list[str]]:
    return {site.hostname: check_site(site, now) for site in Site.objects.order_by("pk")}
