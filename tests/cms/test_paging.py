"""A list's pages' first keys are kept in blocks (cms/models/paging.py): a long list
takes a few cache entries, not one per page, so the demo's memory cache (a few thousand
entries) does not cull them while they are kept, which left every deep page of a
100,000-policy catalogue learning all keys again (1.4 s a page)."""

from datetime import date

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import paging
from cms.models.home import public_policies


def test_a_deep_page_learns_every_key_once_into_a_few_entries(make_policy, monkeypatch, settings):
    settings.PUBLIC_VALUE_CACHE_SECONDS = 600
    monkeypatch.setattr(paging, "BLOCK", 4)
    for n in range(13):
        make_policy(f"分块测试文件{n:02d}号", issued_on=date(2020 + n % 4, 3, 1))
    expected = list(public_policies().order_by(*paging.ORDERING).values_list("pk", flat=True))
    cache.clear()

    def page(number):
        count, rows = paging.page_rows(public_policies, number, key=("blocks-test",), per_page=1)
        assert count == 13
        return [row.pk for row in rows]

    assert page(11) == expected[10:11]  # deep: every page's key learnt at once
    bounds = paging._Boundaries(("blocks-test",), 1)
    names = [bounds._key("starts", block) for block in range(5)]
    kept = cache.get_many(names)
    assert len(kept) == 4  # pages 1-3, 4-7, 8-11, 12-13
    assert sum(len(block) for block in kept.values()) == 13

    # Another deep page, in another request: its key is kept; no keys are read again.
    with CaptureQueriesContext(connection) as queries:
        assert page(7) == expected[6:7]
    stamp, row = queries  # the publication stamp, then the page's two rows from its key
    assert "cms_publicationstamp" in stamp["sql"] and "LIMIT 2" in row["sql"]
    assert [page(n)[0] for n in range(1, 14)] == expected
