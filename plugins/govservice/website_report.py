"""The service links' part of the website annual report (政府网站工作年度报表, hook
``website_report_tables``): the online service items the site's public policies link to,
and the links the patrol found broken and saw working again in the year (its
``govservice.broken`` and ``govservice.recovered`` entries in the audit log)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from cms.plugin_api import ReportColumn, ReportRow, ReportTable
from plugins.govservice.models import ServiceItem, ServiceLink


def services_table(year: int, site) -> ReportTable:
    """The report's table 网站/services."""
    linked = (
        ServiceLink.objects.filter(policy__live=True, policy__path__startswith=site.root_page.path)
        .values_list("item_id", flat=True)
        .distinct()
    )
    items = {str(pk) for pk in linked}
    moves = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ServiceItem),
        object_id__in=items,
        timestamp__year=year,
    )
    broken = moves.filter(action="govservice.broken").count()
    repaired = moves.filter(action="govservice.recovered").count()
    # The patrol's log entries of the year, in the site history.
    history = (
        f"{reverse('wagtailadmin_reports:site_history')}"
        f"?timestamp_from={year}-01-01&timestamp_to={year}-12-31&action="
    )
    values = [
        ("items", _("Government service items linked (items)"), len(items),
         {"value": reverse("wagtailsnippets_govservice_serviceitem:list")}),
        ("broken", _("Broken service links found"), broken,
         {"value": history + "govservice.broken"}),
        ("repaired", _("Broken service links repaired"), repaired,
         {"value": history + "govservice.recovered"}),
    ]  # fmt: skip
    return ReportTable(
        section="网站",
        key="services",
        title=_("Services online"),
        columns=(ReportColumn("value", _("Quantity")),),
        rows=tuple(ReportRow(key, label, 0, {"value": n}, link) for key, label, n, link in values),
    )
