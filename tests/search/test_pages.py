"""The public search page and the Wagtail admin's own search."""

import re
from datetime import date

import pytest

from search.backends.embedded import FIRST_GENERATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed_policies(publish_policy, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "index"
    with django_capture_on_commit_callbacks(execute=True):
        return [
            publish_policy("關於做好政務公開工作的通知", doc_type="notice", topics=["政务公开"]),
            publish_policy("政务公开实施办法", doc_type="normative", summary="<规范>"),
            publish_policy("统计调查管理办法", doc_type="normative"),
        ]


def test_search_page_finds_simplified_and_traditional(client, indexed_policies):
    for query in ("政务公开", "政務公開"):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        html = response.content.decode()
        assert "共 2 个结果" in html
        assert "<mark>政務公開</mark>" in html  # the original characters, marked
        assert "政务公开实施办法" in html.replace("<mark>", "").replace("</mark>", "")
        assert "统计调查管理办法" not in html


def test_a_hit_without_a_document_number_shows_no_empty_field(client, indexed_policies):
    """Issue 24.13: "江岭市统计局 ·  · 2015-03-18" for a policy without a number."""
    html = client.get("/search/", {"q": "统计调查"}).content.decode()
    assert '<p class="meta">测试市统计局 · 2024-03-01</p>' in html


def test_search_page_facets_are_links_that_filter(client, indexed_policies):
    html = client.get("/search/", {"q": "政务公开"}).content.decode()
    assert 'href="?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80&amp;doc_type=normative"' in html
    filtered = client.get("/search/", {"q": "政务公开", "doc_type": "normative"}).content.decode()
    assert "政务公开实施办法" in filtered.replace("<mark>", "").replace("</mark>", "")
    assert "關於做好" not in filtered


def test_search_page_lists_a_topic_once_whatever_its_script(
    client, publish_policy, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "index"
    with django_capture_on_commit_callbacks(execute=True):
        publish_policy("关于政务公开的通知", topics=["政务公开"])
        publish_policy("關於政務公開的通知", topics=["政務公開"])
        # Stored before topics were filed under one spelling: counted once.
        publish_policy("政务公开工作要点通知", topics=["政务公开", "政務公開"])
    html = client.get("/search/", {"q": "通知"}).content.decode()
    [topics] = re.findall(r'<section class="facet facet-topic">.*?</section>', html, re.S)
    assert re.findall(r'<a href="[^"]*">([^<]*)</a> <span class="count">(\d+)</span>', topics) == [
        ("政务公开", "3")
    ]


def test_search_page_escapes_text_and_reports_bad_parameters(client, indexed_policies):
    bad = client.get("/search/", {"year_from": "abc"})
    assert bad.status_code == 400 and "参数" in bad.content.decode()
    # A page that is no whole number is the first page, as on the libraries' lists.
    for page in ("abc", "1.5"):
        listed = client.get("/search/", {"q": "通知", "page": page})
        assert listed.status_code == 200 and 'class="hit"' in listed.content.decode()
    script = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in script


def test_every_page_has_a_search_box(client, indexed_policies):
    assert b'action="/search/"' in client.get(indexed_policies[0].url).content


def test_admin_search_finds_a_word_from_the_middle_of_a_title(
    admin_client, publish_policy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail indexes on commit
        policy = publish_policy("江岭市统计数据质量管理办法")
        publish_policy("关于就业补贴的通知")
    response = admin_client.get("/admin/pages/search/", {"q": "数据质量"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "江岭市统计数据质量管理办法" in html and "关于就业补贴的通知" not in html
    assert (
        admin_client.get("/admin/pages/search/", {"q": "质量"})
        .content.decode()
        .count(f"/admin/pages/{policy.pk}/edit/")
    )


@pytest.mark.once
def test_the_demo_search_page_finds_its_policies_in_both_scripts(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "index"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    for query in ("创业担保贷款", "創業擔保貸款"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert "江嶺市<mark>創業擔保貸款</mark>實施辦法" in html, query
    for query in ("政务公开", "政務公開"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert "推進<mark>政務公開</mark>標準化" in html, query


def test_search_page_shares_the_api_rate_limit(client, indexed_policies, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE_LIMIT = "2/min"
    assert client.get("/search/", {"q": "政务"}).status_code == 200
    assert client.get("/api/v1/search", {"q": "政务"}).status_code == 200
    limited = client.get("/search/", {"q": "政务"})
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert "秒后" in limited.content.decode()
    cache.clear()


@pytest.fixture(params=["embedded", "elasticsearch"])
def broken_engine(request, settings, tmp_path, indexed_policies):
    """A real failure: a damaged index file, or a cluster that refuses connections."""
    if request.param == "embedded":
        (tmp_path / "index" / FIRST_GENERATION / "meta.json").write_text("{not json")
    else:
        settings.SEARCH_BACKEND = "elasticsearch"
        settings.SEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    return request.param


def test_a_failing_engine_is_a_503_with_a_chinese_message_not_a_500(client, broken_engine, caplog):
    response = client.get("/api/v1/search", {"q": "政务公开"})
    assert response.status_code == 503 and response["Retry-After"]
    assert response.json() == {
        "code": "search_unavailable",
        "message": "检索服务暂时不可用，请稍后再试。",
    }
    page = client.get("/search/", {"q": "政务公开"})
    assert page.status_code == 503
    assert "检索服务暂时不可用" in page.content.decode()
    assert "search backend failed" in caplog.text  # the cause is logged for the operator


def test_a_page_past_the_end_shows_the_last_page(client, indexed_policies):
    html = client.get("/search/", {"q": "政务公开", "page": 99}).content.decode()
    text = html.replace("<mark>", "").replace("</mark>", "")
    # Both hits fit on the first page, which is the last: it is shown, not "nothing found".
    assert "共 2 个结果" in text and "没有找到" not in text
    assert "關於做好政務公開工作的通知" in text and "政务公开实施办法" in text


def test_the_page_says_what_is_wrong_with_its_parameters(client, indexed_policies):
    response = client.get("/search/", {"year_from": 2026, "year_to": 2010})
    assert response.status_code == 400
    assert "起始年份不能晚于截止年份" in response.content.decode()
    html = client.get("/search/", {"plugin": "xyz"}).content.decode()
    assert "参数“plugin”" in html and "plugin.0" not in html


@pytest.mark.parametrize("query", ["😀😀", "！！", "   ", "……？！"])
def test_a_query_with_nothing_searchable_says_so_and_lists_nothing(client, indexed_policies, query):
    """Only emoji, punctuation or spaces used to list the whole library by date, as if
    every policy matched."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    html = response.content.decode()
    assert "未能识别检索词，请输入中文、英文或数字。" in html
    assert "个结果" not in html
    for policy in indexed_policies:
        assert policy.title not in html
    assert f'value="{query}"' in html  # kept in the box, to be corrected

    api = client.get("/api/v1/search", {"q": query})
    assert api.status_code == 400
    assert api.json() == {
        "code": "unrecognized_query",
        "message": "未能识别检索词，请输入中文、英文或数字。",
    }


def test_an_empty_query_still_lists_every_policy_by_date(client, indexed_policies):
    html = client.get("/search/").content.decode()
    assert "共 3 个结果" in html and "未能识别" not in html
    assert client.get("/api/v1/search").json()["total"] == 3
    assert client.get("/api/v1/search", {"q": ""}).json()["total"] == 3
    # A word among the punctuation is searched by.
    found = client.get("/api/v1/search", {"q": "！！统计😀"}).json()
    assert [hit["title"] for hit in found["hits"]] == ["统计调查管理办法"]


def test_a_page_out_of_range_is_brought_into_it_as_on_the_library(
    client, agency, publish_policy, django_capture_on_commit_callbacks, settings, tmp_path
):
    """The library shows its last page past the end and its first below 1; the search page
    did so up to page 1000 only, and refused 0 and anything past 1000 (?page=99999) as bad
    parameters. The API keeps its documented answers: a search page is at most 1000, the
    policies' list past its end is empty."""
    from datetime import date

    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "index"
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(21):
            publish_policy(f"分页检索文件{n:02d}号", issued_on=date(2024, 1, 1 + n))
    oldest = "分页检索文件00号"  # alone on the second and last page, by date

    def shown(url, **query):
        response = client.get(url, query)
        assert response.status_code == 200
        return response.content.decode().replace("<mark>", "").replace("</mark>", "")

    for page in ("99999", str(2**70), "1001", "2", "3"):
        html = shown("/search/", q="分页检索", sort="date", page=page)
        assert "2 / 2" in html and oldest in html and "分页检索文件01号" not in html
    for page in ("0", "-3"):
        html = shown("/search/", q="分页检索", sort="date", page=page)
        assert "1 / 2" in html and oldest not in html and "分页检索文件20号" in html
    library = shown(agency.library.url, page="99999")
    assert oldest in library and "分页检索文件20号" not in library
    assert oldest not in shown(agency.library.url, page="0")

    assert client.get("/api/v1/search", {"q": "分页检索", "page": 99999}).status_code == 400
    listed = client.get("/api/v1/policies", {"page": 99999}).json()
    assert listed["items"] == [] and listed["total"] == 21


def test_the_search_box_gives_an_example_number_of_this_library(client, make_policy):
    """Not another city's 沪统〔2024〕5号: the latest public policy's number, read again
    once a newer one is published, and none while nothing is public."""
    assert 'placeholder="输入关键词或文号"' in client.get("/search/").content.decode()
    make_policy("关于统计调查的通知", doc_number="江统〔2025〕3号", issued_on=date(2025, 3, 1))
    page = client.get("/search/").content.decode()
    assert 'placeholder="输入关键词或文号，如 江统〔2025〕3号"' in page and "沪统" not in page
    make_policy("关于统计报表的通知", doc_number="江统〔2026〕8号", issued_on=date(2026, 1, 5))
    assert "如 江统〔2026〕8号" in client.get("/search/").content.decode()
