"""What a search costs the database: the same for one hit as for twenty.

The hits come from the index; the database only says which of them are public now (one
query for all of them) and gives what plugins show beside each (one query per plugin),
so the number of queries does not grow with the hits on a page.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.importing import bulk as import_bulk
from cms.importing.records import json_lines

pytestmark = pytest.mark.django_db


def _record(n: int, title: str, agency, division) -> dict:
    return {
        "title": title,
        "doc_number": f"测统〔2020〕{n + 1}号",
        "agency": agency.name,
        "division": division.name,
        "doc_type": "notice" if n % 2 else "normative",  # the first: validity badges
        "issued_on": f"2020-01-{1 + n % 28:02d}",
        "topics": [f"主题{n % 3}"],
        "interpretations": [{"title": f"《{title}》解读", "form": "text"}],
    }


@pytest.fixture
def indexed(agency, division, django_capture_on_commit_callbacks, settings, tmp_path):
    # Published through the import's fast path (as tests/cms/api/test_http.py), indexed
    # on commit as a publication by hand is.
    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "index"
    titles = ["统计年报编制办法"] + [f"就业补贴实施办法（第{n}号）" for n in range(21)]
    records = [_record(n, title, agency, division) for n, title in enumerate(titles)]
    lines = json_lines(json.dumps(record, ensure_ascii=False) for record in records)
    with django_capture_on_commit_callbacks(execute=True):
        result = import_bulk.import_records(lines, publish=True)
    assert (result.created, result.errors) == (22, [])


def _queries(client, url, **params) -> tuple[int, dict | str]:
    client.get(url, params)  # the labels and view restrictions kept for the stamp
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


def test_the_search_page_costs_as_many_queries_for_twenty_hits_as_for_one(client, indexed):
    one, page = _queries(client, "/search/", q="统计年报")
    assert page.content.decode().count('<li class="hit">') == 1
    twenty, page = _queries(client, "/search/", q="就业补贴")
    html = page.content.decode()
    assert html.count('<li class="hit">') == 20 and html.count("命中解读") == 20
    assert twenty == one
    # The stamp, the hits' policies (public now, with what lists show), one per plugin
    # that puts badges beside a policy, and the base template's own.
    assert one <= 5


def test_the_search_api_costs_as_many_queries_for_twenty_hits_as_for_one(client, indexed, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    one, response = _queries(client, "/api/v1/search", q="统计年报")
    assert len(response.json()["hits"]) == 1
    twenty, response = _queries(client, "/api/v1/search", q="就业补贴")
    data = response.json()
    assert len(data["hits"]) == 20 and data["total"] == 21
    assert all(hit["matched_interpretations"] for hit in data["hits"])
    assert twenty == one
    assert one <= 2  # the publication stamp; which hits are public


def test_the_search_page_encodes_a_query_string_per_facet_not_per_bucket(
    client, indexed, monkeypatch
):
    from urllib.parse import urlencode

    from search import views

    encoded = []

    def counting(*args, **kwargs):
        encoded.append(args)
        return urlencode(*args, **kwargs)

    monkeypatch.setattr(views, "urlencode", counting)
    html = client.get("/search/", {"q": "办法", "doc_type": "notice"}).content.decode()
    # One per facet (three topics in one), one for "clear filters"; no pages.
    facets = html.count('<section class="facet ')
    assert html.count('<span class="count">') > facets >= 5
    assert len(encoded) == facets + 1
    # Each link is the one _link makes for its bucket.
    current = {"doc_type": "notice", "q": "办法"}  # as _params orders them
    assert f'href="{views._link(current, topic="主题1")}"'.replace("&", "&amp;") in html
    year = views._link(current, year_from="2020", year_to="2020").replace("&", "&amp;")
    assert f'href="{year}"' in html
