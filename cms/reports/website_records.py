"""The records behind the website report's cells the core counts, for the office in the
admin (each computed cell links here): the site's daily visits of a year, and the pages
counted as published in it (information, the catalogue's policies, interpretations by
kind). Aggregates and public pages only: any admin user may open them."""

from __future__ import annotations

from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.models import DailyVisits
from cms.reports import website_layout as layout


def visits(request, site_id: int, year: int):
    """The site's daily visit aggregates of the year, with their totals."""
    site = get_object_or_404(Site, pk=site_id)
    days = DailyVisits.objects.filter(site=site, day__year=year).order_by("day")
    totals = days.aggregate(visitors=Sum("visitors"), page_views=Sum("page_views"))
    title = _("Daily visits of %(site)s in %(year)s") % {"site": site.site_name, "year": year}
    return TemplateResponse(
        request,
        "cms/admin/website_records.html",
        {"title": title, "days": days, "totals": totals, "site": site, "year": year},
    )


def published(request, site_id: int, year: int, kind: str):
    """The pages a cell of 信息发布 or 解读回应 counted, oldest first."""
    site = get_object_or_404(Site, pk=site_id)
    titles = layout.counted_kinds()
    if kind not in titles:
        raise Http404
    pages = layout.counted_pages(site, year, kind)
    title = _("%(cell)s: %(site)s, %(year)s") % {
        "cell": titles[kind],
        "site": site.site_name,
        "year": year,
    }
    return TemplateResponse(
        request,
        "cms/admin/website_records.html",
        {"title": title, "pages": pages, "site": site, "year": year},
    )
