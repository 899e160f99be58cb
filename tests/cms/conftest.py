"""Fixtures of the core's tests that name the site: the default site as a bureau names it,
and its identity (网站标识与备案) filled in."""

import pytest
from wagtail.models import Site

from cms.models import SiteIdentity

IDENTITY = {
    "site_code": "3301000001",
    "icp_number": "浙ICP备12345678号",
    "security_record_number": "浙公网安备33010002000001号",
    "sponsor": "测试市统计局",
    "organizer": "测试市统计局办公室",
    "contact_phone": "0571-12345678",
    "badge_url": "https://bszs.conac.cn/sitename?method=show&id=1",
    "error_report_url": "https://zfwzzc.www.gov.cn/",
}


@pytest.fixture
def site(db):
    """The default site, named 测试市统计局网站; its identity not filled in."""
    site = Site.objects.get(is_default_site=True)
    site.site_name = "测试市统计局网站"
    site.save()
    return site


@pytest.fixture
def site_identity(site):
    """The site's identity, every field of ``IDENTITY`` filled in."""
    identity, _created = SiteIdentity.objects.update_or_create(site=site, defaults=IDENTITY)
    return identity
