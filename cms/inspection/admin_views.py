"""Reports → 网站自查: the self-inspection of one site (``?site=``), indicator by indicator
(cms.inspection.indicators), for the web editors, the editorial directors, the leaders
and administrators. The serious-error indicator shows the site's last scan with its time
(cms.inspection.scan), which 重新检查 (a POST) runs again: a first view after a
publication does not scan a large site."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem
from wagtail.models import Site

from cms.access.roles import Role
from cms.extend.inspection import worst
from cms.inspection.indicators import STATUS_LABELS, inspect
from cms.inspection.scan import last_scan, scan

ROLES = (Role.WEB_EDITOR, Role.EDITORIAL_DIRECTOR, Role.LEADER)


def may_inspect(user) -> bool:
    return user.is_active and (user.is_superuser or user.groups.filter(name__in=ROLES).exists())


class SelfInspectionMenuItem(MenuItem):
    def is_shown(self, request):
        return may_inspect(request.user)


def chosen_site(request) -> Site | None:
    sites = Site.objects.order_by("-is_default_site", "pk")
    wanted = request.GET.get("site", "")
    if wanted.isdigit():
        return sites.filter(pk=int(wanted)).first() or sites.first()
    return Site.find_for_request(request) or sites.first()


def self_inspection(request):
    if not may_inspect(request.user):
        raise PermissionDenied
    site = chosen_site(request)
    if request.method == "POST" and site:
        scan(site, again=True)
        messages.success(request, _("The live pages were checked again."))
        return redirect(f"{reverse('policy_cms_self_inspection')}?site={site.pk}")
    found = last_scan(site) if site else None
    indicators = inspect(site, found=found) if site else []
    rows = [{"indicator": i, "status_label": STATUS_LABELS[i.status]} for i in indicators]
    overall = worst(i.status for i in indicators)
    counts = {
        label: sum(1 for i in indicators if i.status == status)
        for status, label in STATUS_LABELS.items()
    }
    return render(
        request,
        "cms/admin/self_inspection.html",
        {
            "title": _("Self-inspection"),
            "site": site,
            "sites": Site.objects.order_by("-is_default_site", "pk"),
            "rows": rows,
            "overall": overall,
            "overall_label": STATUS_LABELS[overall],
            "counts": counts,
            "status_labels": STATUS_LABELS,
            "scan": found,
        },
    )
