"""The application form on the inspection-ready site (issue 30): in the sitemap, the
tracking pages not."""

import pytest

from tests.cms.test_sitemap import listed


@pytest.mark.django_db
def test_the_form_is_in_the_sitemap_and_tracking_is_not(client):
    paths = listed(client)
    assert "/disclosure-requests/" in paths
    assert not [p for p in paths if "track" in p]


@pytest.mark.django_db
def test_every_guide_offers_the_online_form_and_tracking(client, agency):
    from cms.models import DisclosureGuidePage

    guide = DisclosureGuidePage(title="政府信息公开指南", agency=agency, live=False)
    agency.library.add_child(instance=guide)
    guide.save_revision().publish()
    html = client.get(guide.url).content.decode()
    assert '<a href="/disclosure-requests/">在线申请</a>' in html
    assert '<a href="/disclosure-requests/track/">查询办理进度</a>' in html
