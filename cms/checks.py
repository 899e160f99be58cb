"""System checks of the core (``manage.py check``).

The site identity (cms.models.site_identity) must be complete on a production site: the
national website rules fail a site whose footer lacks its 网站标识码, record numbers or
badge. Only the production settings ask for this (``SITE_IDENTITY_CHECK``), so tests and the
demo, whose sites start empty, stay quiet."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.db import DatabaseError


@checks.register()
def site_identity_complete(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A Warning per site whose identity settings leave a required field empty, naming it."""
    if not getattr(settings, "SITE_IDENTITY_CHECK", False):
        return []
    from wagtail.models import Site

    from cms.models import SiteIdentity

    try:
        sites = list(Site.objects.order_by("pk"))
        identities = {i.site_id: i for i in SiteIdentity.objects.filter(site__in=sites)}
    except DatabaseError:
        # Not migrated yet (the check also runs before migrate): nothing to look at.
        return []
    warnings = []
    for site in sites:
        missing = identities.get(site.pk, SiteIdentity(site=site)).missing()
        if missing:
            name = site.site_name or site.hostname
            warnings.append(
                checks.Warning(
                    f"站点“{name}”的网站标识与备案未填写：{'、'.join(missing)}。",
                    hint="在管理后台“设置 → 网站标识与备案”中填写，页脚按国家政府网站规范显示。",
                    obj=site,
                    id="cms.W001",
                )
            )
    return warnings
