"""The site identity (网站标识与备案) in every public page's footer, and the production
check that warns while any of it is empty (cms/checks.py)."""

import pytest
from django.core import checks
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.demo.media import badge_image
from cms.models import SiteIdentity


def footer_of(client, url) -> str:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "cms_siteidentity"')]
    assert len(reads) == 1, reads  # one read per page, the badge joined in
    html = response.content.decode()
    return html[html.index('<footer class="site-footer">') :]


@pytest.mark.django_db
def test_the_footer_shows_what_is_filled_and_nothing_else(client, publish_policy):
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.sponsor = "测试市统计局"
    identity.site_code = "3301000001"
    identity.icp_number = "测ICP备20240001号"
    identity.security_record_number = "测公网安备33010002000001号"
    identity.contact_phone = "0571-12345678"
    identity.badge_image = badge_image()
    identity.badge_url = "https://bszs.conac.cn/sitename?method=show&id=1"
    identity.error_report_url = "https://zfwzzc.example.gov.cn/"
    identity.save()
    policy = publish_policy()

    footer = footer_of(client, policy.url)

    assert "主办单位：测试市统计局" in footer
    assert "网站标识码：3301000001" in footer
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">测ICP备20240001号</a>' in footer
    assert (
        'href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=33010002000001"'
        in footer
    )
    assert "联系电话：0571-12345678" in footer
    assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=1"' in footer
    assert 'alt="党政机关"' in footer
    assert '<a href="https://zfwzzc.example.gov.cn/" rel="noopener">我为政府网站找错</a>' in footer
    for empty in ("承办单位", "联系邮箱", "联系地址", "mailto:"):
        assert empty not in footer
    assert "style=" not in footer


def identity_warnings():
    return [m for m in checks.run_checks() if m.id == "cms.W001"]


@pytest.mark.django_db
def test_production_warns_while_the_identity_is_empty(settings):
    assert identity_warnings() == []  # tests and the demo stay quiet
    settings.SITE_IDENTITY_CHECK = True  # as policy_cms/settings/production.py sets it
    site = Site.objects.get(is_default_site=True)

    (warning,) = identity_warnings()
    assert warning.level == checks.WARNING
    assert "网站标识码" in warning.msg and "党政机关标识" in warning.msg
    assert "“我为政府网站找错”链接" in warning.msg

    identity = SiteIdentity.for_site(site)
    for name in SiteIdentity.REQUIRED:
        if name != "badge_image":
            setattr(identity, name, "https://example.gov.cn/" if name.endswith("url") else "1")
    identity.save()
    (warning,) = identity_warnings()
    assert warning.msg.endswith("未填写：党政机关标识。")

    identity.badge_image = badge_image()
    identity.save()
    assert identity_warnings() == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["网站编辑", "编辑部主任"])
def test_web_editors_and_directors_keep_the_identity_and_the_code_is_10_digits(
    client, roles, django_user_model, role
):
    from django.contrib.auth.models import Group

    from cms.inspection.indicators import identity as identity_indicator

    site = Site.objects.get(is_default_site=True)
    user = django_user_model.objects.create_user("keeper", password="pw")
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    url = f"/admin/settings/cms/siteidentity/{site.pk}/"
    assert client.get(url).status_code == 200
    data = {
        "site_code": "33010001",
        "kind": "department",
        "icp_number": "测ICP备20240001号",
        "security_record_number": "",
        "sponsor": "测试市统计局",
        "organizer": "",
        "contact_phone": "",
        "contact_email": "",
        "contact_address": "",
        "badge_image": "",
        "badge_url": "",
        "error_report_url": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "网站标识码应为 10 位数字" in response.content.decode()
    assert SiteIdentity.for_site(site).site_code == ""

    for wrong in ("33010000O1", "330100000１", "33010000012"):
        response = client.post(url, {**data, "site_code": wrong})
        assert "网站标识码应为 10 位数字" in response.content.decode(), wrong

    assert client.post(url, {**data, "site_code": " 3301000001 "}).status_code == 302
    saved = SiteIdentity.objects.get(site=site)
    assert (saved.site_code, saved.sponsor) == ("3301000001", "测试市统计局")
    assert "网站标识码" not in "".join(e.label for e in identity_indicator(site).evidence)

    # A code stored before the check (an import, the shell) is flagged by the inspection.
    SiteIdentity.objects.filter(site=site).update(site_code="33-0100")
    found = identity_indicator(site)
    assert found.status == "warning" and "网站标识码格式不对" in found.summary
    assert "“33-0100”不是 10 位数字" in found.evidence[0].label
