"""Values kept per publication stamp in the cache are kept in the process too
(cms.models.stamps.kept_in_cache, cms.models.paging._Boundaries): with Redis as the
cache each read was a round trip and an unpickling on every public page. What the
process keeps must be forgotten on a new stamp, stay bounded, and not be emptied or
filled by a request answered at an older stamp."""

import pytest
from django.core.cache import cache
from wagtail.models import Site

from cms.models import paging, stamps
from cms.models.sites import site_of
from cms.models.stamps import forget_kept_answers, kept_for_stamp, kept_in_cache

STAMP = (5, 500)


def _counting(value):
    calls = []

    def compute():
        calls.append(value)
        return value

    return compute, calls


def test_a_value_is_asked_of_the_cache_once_per_stamp_and_process(settings):
    settings.PUBLIC_VALUE_CACHE_SECONDS = 600
    compute, calls = _counting({"years": [2024]})
    assert kept_in_cache("front-test", compute, stamp=STAMP) == {"years": [2024]}
    cache.clear()  # the process's copy answers, not the cache
    assert kept_in_cache("front-test", compute, stamp=STAMP) == {"years": [2024]}
    assert len(calls) == 1

    # A new stamp: computed again, and the older stamp's copy gone.
    assert kept_in_cache("front-test", compute, stamp=(6, 600)) == {"years": [2024]}
    assert len(calls) == 2
    assert stamps._front["stamp"] == (6, 600) and len(stamps._front["answers"]) == 1

    forget_kept_answers()  # a bump in this process
    cache.clear()
    kept_in_cache("front-test", compute, stamp=(6, 600))
    assert len(calls) == 3


def test_the_process_keeps_a_bounded_number_of_values(settings, monkeypatch):
    settings.PUBLIC_VALUE_CACHE_SECONDS = 600
    monkeypatch.setattr(kept_for_stamp, "LIMIT", 3)
    for n in range(10):
        kept_in_cache(("front-bound", n), lambda n=n: n, stamp=STAMP)
        assert len(stamps._front["answers"]) <= 3


def test_a_request_at_an_older_stamp_neither_empties_nor_fills_it(settings):
    settings.PUBLIC_VALUE_CACHE_SECONDS = 600
    assert kept_in_cache("front-old", lambda: "new", stamp=STAMP) == "new"
    # A request begun before the bump: its own stamp's value, not kept in the process.
    assert kept_in_cache("front-old", lambda: "old", stamp=(4, 400)) == "old"
    assert stamps._front["stamp"] == STAMP
    cache.clear()
    compute, calls = _counting("again")
    assert kept_in_cache("front-old", compute, stamp=STAMP) == "new"
    assert not calls


def test_a_list_s_count_and_keys_are_read_from_the_process(settings):
    settings.PUBLIC_VALUE_CACHE_SECONDS = 600
    key = ("front-pages",)
    first = paging._Boundaries(key, 20, STAMP)
    first.read((2, 3))
    first.keep("count", 95)
    first.keep_many({2: ("2024-05-01", 30), 3: ("2024-03-01", 20)})

    cache.clear()  # the next request finds them in the process
    again = paging._Boundaries(key, 20, STAMP)
    again.read((3, 4))
    assert again.known == {"count": 95, 2: ("2024-05-01", 30), 3: ("2024-03-01", 20)}

    # An older stamp's request reads the cache only, and leaves the process's as they are.
    older = paging._Boundaries(key, 20, (4, 400))
    older.read((3, 4))
    assert older.known == {"count": None}
    assert paging._front["stamp"] == STAMP


def test_a_block_from_the_process_is_read_again_before_a_page_is_read_without_its_key(
    settings,
):
    settings.PUBLIC_VALUE_CACHE_SECONDS = 600
    key = ("front-refresh",)
    mine = paging._Boundaries(key, 20, STAMP)
    mine.read((2, 3))
    mine.keep("count", 95)
    mine.keep_many({2: ("2024-05-01", 30)})
    # Another process learns page 4's key: in the cache, not in this process.
    block = mine._key("starts", 0)
    cache.set(block, {**cache.get(block), 4: ("2024-01-01", 10)}, 600)

    later = paging._Boundaries(key, 20, STAMP)
    later.read((4, 5))
    assert 4 not in later.known
    assert later.refresh((3, 4)) is True
    assert later.known[4] == ("2024-01-01", 10)
    assert later.refresh((3, 4)) is False  # read from the cache once per request
    # And what it read is kept in the process for the next.
    cache.clear()
    next_one = paging._Boundaries(key, 20, STAMP)
    next_one.read((4, 5))
    assert next_one.known[4] == ("2024-01-01", 10)


@pytest.mark.django_db
def test_a_page_s_url_reads_the_site_root_paths_kept_for_the_stamp(rf, agency, monkeypatch):
    # Wagtail reads them from the cache on each request that builds a page's URL.
    library = agency.library
    expected = library.url
    calls = []
    real = Site.get_site_root_paths
    monkeypatch.setattr(Site, "get_site_root_paths", lambda: calls.append(1) or real())
    for _ in range(3):
        request = rf.get("/")
        site_of(request)  # as the routing does first, on every page
        assert library.get_url(request) == expected
    assert len(calls) == 1
