"""The application form on the inspection-ready site (issue 30): in the sitemap, the
tracking pages not."""

import pytest

from tests.cms.test_sitemap import listed


@pytest.mark.django_db
def test_the_form_is_in_the_sitemap_and_tracking_is_not(client):
    paths = listed(client)
    assert "/disclosure-requests/" in paths
    assert not [p for p in paths if "track" in p]
