"""The visit counter (issue 28.4): unique visitors and page views per site and day, from
public page views only, with no cookie sent and nothing of the visitor stored, neither in
the database nor in the cache."""

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from wagtail.models import Site

from cms.models import DailyVisits
from cms.reports import visits
from cms.tasks import flush_visits

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (Windows NT 10.0) TestBrowser/77.7"
OTHER_AGENT = "Mozilla/5.0 (iPhone) TestBrowser/88.8"


@pytest.fixture
def counting(db, settings):
    settings.VISIT_COUNTER = True
    settings.VISIT_FLUSH_SECONDS = 3600
    cache = caches[settings.VISIT_CACHE]
    cache.clear()
    cache.add(visits.FLUSH_LOCK, 1, 3600)  # no flush by the requests: the test flushes
    yield cache
    cache.clear()


def view(client, path="/", agent=AGENT, address=ADDRESS, **headers):
    return client.get(path, HTTP_USER_AGENT=agent, REMOTE_ADDR=address, **headers)


def test_views_and_unique_visitors_are_counted_per_day(counting, client, time_machine):
    time_machine.move_to("2026-03-02 10:00 +08:00")
    site = Site.objects.get(is_default_site=True)
    for _ in range(3):
        assert view(client).status_code == 200
    view(client, agent=OTHER_AGENT)
    view(client, address="198.51.100.9")
    # Not page views a person made: a robot, no user agent, a prefetch, the admin, the
    # API, an error page, a HEAD.
    view(client, agent="Mozilla/5.0 (compatible; Baiduspider/2.0)")
    view(client, agent="")
    view(client, **{"HTTP_SEC_PURPOSE": "prefetch"})
    view(client, "/admin/login/")
    view(client, "/api/v1/policies")
    view(client, "/no-such-page/")
    client.head("/", HTTP_USER_AGENT=AGENT)
    assert flush_visits() == 5
    row = DailyVisits.objects.get(site=site)
    assert (str(row.day), row.visitors, row.page_views) == ("2026-03-02", 3, 5)
    # The same visitor again that day is no new visitor; the next day it is.
    view(client)
    assert visits.flush() == 1
    row.refresh_from_db()
    assert (row.visitors, row.page_views) == (3, 6)
    time_machine.move_to("2026-03-03 09:00 +08:00")
    view(client)
    visits.flush()
    assert DailyVisits.objects.get(day="2026-03-03").visitors == 1


def test_nothing_of_the_visitor_is_stored_nor_a_cookie_sent(counting, client, settings):
    settings.VISIT_FLUSH_SECONDS = 1
    counting.delete(visits.FLUSH_LOCK)  # this time the request flushes itself
    response = view(client, HTTP_COOKIE="tracking=visitor-cookie-123")
    assert response.status_code == 200
    assert "Set-Cookie" not in response and not response.cookies
    assert DailyVisits.objects.get().page_views == 1
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    cached = repr(list(counting._cache.items()))  # LocMemCache's store, keys and values
    for trace in (ADDRESS, "TestBrowser", "visitor-cookie-123"):
        assert trace not in dump.getvalue()
        assert trace not in cached


def test_a_counted_view_costs_no_query(counting, client, django_assert_max_num_queries, settings):
    view(client)  # warm: the site and page lookups Wagtail caches
    settings.VISIT_COUNTER = False
    with django_assert_max_num_queries(100) as uncounted:
        view(client)
    settings.VISIT_COUNTER = True
    with django_assert_max_num_queries(len(uncounted.captured_queries)):
        view(client)
