"""The public list pages read a page, not the library (issue 31): a library page costs
the same few queries at any page and filter, none of them per row, and the first
request after a publication reads no more than one page and one count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models.home import LIBRARY_PAGE_SIZE
from cms.models.stamps import PublicationStamp


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response, [q["sql"] for q in captured.captured_queries]


def _listing(sqls):
    """The queries that read policies (the list, its count, the plugins' batch hooks)."""
    return [sql for sql in sqls if '"cms_policypage"' in sql or "validity_policyvalidity" in sql]


def _policies(make_policy, numbers):
    for n in numbers:  # many policies share a date
        make_policy(f"查询计数文件{n:02d}号", issued_on=date(2020 + n % 3, 1 + n % 2, 1))


PARAMS = [
    {},
    {"page": "2"},
    {"page": "3"},
    {"year": "2021"},
    {"doc_type": "normative", "page": "2"},
]


@pytest.mark.django_db
def test_a_library_page_reads_its_rows_in_one_query_at_any_page_and_size(
    client, make_policy, agency
):
    library = agency.library
    _policies(make_policy, range(21))
    client.get(library.url)  # the values kept for the stamp
    _response, few = _queries(client, library.url)
    _policies(make_policy, range(21, 45))  # three pages
    for params in PARAMS:
        client.get(library.url, params)
        response, sqls = _queries(client, library.url, params)
        # The page's rows in one query, at most one more per plugin (policy_badges);
        # the library's guide, years, agency and breadcrumb are kept for the stamp.
        listing = _listing(sqls)
        assert len(listing) <= 2, listing
        assert not [sql for sql in sqls if "cms_disclosureguidepage" in sql or "cms_agency" in sql]
        assert not [sql for sql in sqls if "COUNT(" in sql]
        assert len(sqls) <= 12, sqls
        assert len(response.context["policies"].object_list) <= LIBRARY_PAGE_SIZE
        if not params:
            assert len(sqls) == len(few), sqls


@pytest.mark.django_db
def test_the_first_request_after_a_publication_reads_one_page_and_one_count(
    client, make_policy, agency
):
    library = agency.library
    _policies(make_policy, range(45))
    PublicationStamp.bump()
    response, sqls = _queries(client, library.url, {"page": "2"})
    counts = [sql for sql in sqls if "COUNT(" in sql]
    assert len(counts) == 1, counts
    # Every other read of policies is limited to a page (and the row after it); the
    # years are one DISTINCT over dates.
    whole = [
        sql
        for sql in _listing(sqls)
        if "COUNT(" not in sql
        and " LIMIT " not in sql
        and "DISTINCT" not in sql
        and "validity_policyvalidity" not in sql
    ]
    assert whole == []
    ordered = [p.title for p in library.filtered_policies({})]
    assert [p.title for p in response.context["policies"].object_list] == ordered[20:40]
    # The next page after a page read is read from its first key, learnt with it.
    response, sqls = _queries(client, library.url, {"page": "3"})
    assert not [sql for sql in _listing(sqls) if "OFFSET" in sql]
    assert [p.title for p in response.context["policies"].object_list] == ordered[40:]


@pytest.mark.django_db
def test_a_catalogue_page_reads_its_rows_in_one_limited_query(client, make_policy):
    _policies(make_policy, range(3))
    for params in ({}, {"page": "2"}, {"year": "2021"}):
        client.get("/catalogue/", params)
        _response, sqls = _queries(client, "/catalogue/", params)
        listing = _listing(sqls)
        assert len(listing) == 1 and " LIMIT " in listing[0], listing
        assert not [sql for sql in sqls if "pageviewrestriction" in sql or "COUNT(" in sql]
    html = client.get("/catalogue/").content.decode()
    assert html.count("查询计数文件") == 3 and 'href="/catalogue/' in html


@pytest.mark.django_db
def test_the_home_page_keeps_its_lists_for_the_stamp(client, make_policy, agency):
    """The libraries and the latest policies are the same for every visitor: read once
    per stamp, the latest as rows (no page bodies), the restrictions once. A request
    reads the stamp, the page and the plugins' badges."""
    from wagtail.models import PageViewRestriction

    _policies(make_policy, range(12))
    first, _sqls = _queries(client, "/")
    response, sqls = _queries(client, "/")
    assert response.content == first.content
    assert not [sql for sql in sqls if "wagtailcore_pageviewrestriction" in sql], sqls
    assert not [sql for sql in sqls if '"cms_policypage"' in sql], sqls
    assert len(sqls) <= 4, sqls
    html = response.content.decode()
    assert f'<a href="{agency.library.url}">{agency.library.title}</a>' in html
    assert html.count('class="policy-title"') == 10
    # A publication, a restriction: shown on the next request.
    make_policy("首页最新文件", issued_on=date(2030, 1, 1))
    assert "首页最新文件" in client.get("/").content.decode()
    PageViewRestriction.objects.create(page=agency.library, restriction_type="login")
    html = client.get("/").content.decode()
    assert agency.library.title not in html and "首页最新文件" not in html


@pytest.mark.django_db
def test_the_home_pages_latest_policies_read_their_fields_only(client, make_policy):
    _policies(make_policy, range(3))
    PublicationStamp.bump()
    _response, sqls = _queries(client, "/")
    latest = [sql for sql in sqls if '"cms_policypage"' in sql]
    assert len(latest) == 1, latest
    assert '"cms_policypage"."body"' not in latest[0]
    # The routing's and the lists' reading of the restrictions, each once per stamp.
    assert len([sql for sql in sqls if "wagtailcore_pageviewrestriction" in sql]) <= 2, sqls


@pytest.mark.django_db
def test_a_kept_library_page_builds_no_queryset_and_reads_the_same_rows(
    client, make_policy, agency, monkeypatch
):
    """Its count, page keys and SQL kept for the stamp (cms.models.shapes), a page is read
    without building its queryset, and its rows are the ORM's."""
    from cms.models.home import PolicyLibraryPage

    library = agency.library
    _policies(make_policy, range(45))
    built = []
    filtered = PolicyLibraryPage.filtered_policies

    def counted(self, *args, **kwargs):
        built.append(args)
        return filtered(self, *args, **kwargs)

    monkeypatch.setattr(PolicyLibraryPage, "filtered_policies", counted)
    for params in [*PARAMS, {"page": "2"}, {"page": "3"}, {"year": "2021", "page": "2"}]:
        for _ in range(2):  # the first request keeps what the second reads
            client.get(library.url, params)
        built.clear()
        response, _sqls = _queries(client, library.url, params)
        assert built == [], params
        narrowed = {k: v for k, v in params.items() if k != "page"}
        expected = list(filtered(library, narrowed).values_list("pk", flat=True))
        page = response.context["policies"]  # past the end: the last
        assert page.number == max(1, min(int(params.get("page", 1)), -(-len(expected) // 20)))
        start = (page.number - 1) * LIBRARY_PAGE_SIZE
        assert [row["pk"] for row in page.object_list] == expected[start : start + 20], params
        assert page.paginator.count == len(expected)
