"""The plugin's list on the inspection-ready site (issue 30): a column with its page tags
(网页标签), listed in the sitemap."""

import pytest

from cms.extend.page_tags import COLUMN, SITE
from tests.cms.test_page_tags import tags_of
from tests.cms.test_sitemap import listed


@pytest.mark.django_db
def test_the_list_is_a_column_with_its_tags_and_in_the_sitemap(client):
    tags = tags_of(client, "/validity/in-force/")
    assert list(tags) == [*SITE, *COLUMN]
    assert (tags["ColumnName"], tags["ColumnType"]) == ("现行有效规范性文件目录", "信息发布")
    assert "/validity/in-force/" in listed(client)
