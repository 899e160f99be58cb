"""The consultations on the inspection-ready site (issue 30): the list and each
consultation carry their page tags, and the sitemap lists a consultation while it is live."""

import pytest

from cms.extend.page_tags import ARTICLE, COLUMN, SITE
from tests.cms.test_page_tags import tags_of
from tests.cms.test_sitemap import sitemap_paths


@pytest.mark.django_db
def test_the_list_and_a_consultation_carry_their_tags_and_a_live_one_is_in_the_sitemap(
    client, consultation, make_consultation
):
    tags = tags_of(client, "/consultations/")
    assert list(tags) == [*SITE, *COLUMN]
    assert (tags["ColumnName"], tags["ColumnType"]) == ("意见征集", "互动交流")
    tags = tags_of(client, consultation.url)
    assert list(tags) == [*SITE, *ARTICLE]
    assert tags["ArticleTitle"] == consultation.title
    assert tags["ContentSource"] == tags["Author"] == consultation.division.agency.name
    assert tags["Description"] == consultation.background and tags["PubDate"]

    draft = make_consultation("尚未发布的征求意见", live=False)
    paths = sitemap_paths(client)
    assert consultation.url in paths and draft.url not in paths
