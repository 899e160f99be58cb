"""Errors, rate limit, conditional GET, CORS and the number of queries."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.importing import bulk as import_bulk
from cms.importing.records import json_lines
from cms.review.bundle import withdraw_bundle
from tests.cms.api.conftest import get_json

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message"} and body["code"] == code
    # The message is Chinese and names no Python internals.
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body["message"]
    assert "Traceback" not in body["message"]
    return body["message"]


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"doc_type": "memo"}, "doc_type"),
        ({"page_size": "10000"}, "page_size"),
        ({"issued_from": "2024-13-01"}, "issued_from"),
        ({"agency": "99999999999999999999999"}, "agency"),
        ({"ordering": "title"}, "ordering"),
        ({"topic": "长" * 101}, "topic"),
    ],
)
def test_bad_parameters_are_400_in_chinese(client, params, names):
    message = assert_error(client.get("/api/v1/policies", params), 400, "invalid_parameter")
    assert names in message


def test_page_size_names_its_limit(client):
    message = assert_error(
        client.get("/api/v1/policies", {"page_size": 10000}), 400, "invalid_parameter"
    )
    assert "100" in message


def test_unknown_ids_and_paths_are_json_404(client):
    assert_error(client.get("/api/v1/policies/987654"), 404, "not_found")
    assert_error(client.get("/api/v1/policies/by-index/000/2024-99999"), 404, "not_found")
    assert_error(client.get("/api/v1/interpretations/987654"), 404, "not_found")
    assert_error(client.get("/api/v1/no-such-thing"), 404, "not_found")
    assert_error(client.get("/api/v1/policies/abc"), 400, "invalid_parameter")


def test_rate_limit_answers_429_with_retry_after(client, settings):
    settings.API_RATE_LIMIT = "3/min"
    for _ in range(3):
        assert client.get("/api/v1/agencies").status_code == 200
    response = client.get("/api/v1/agencies")
    message = assert_error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Retry-After"] in message
    # Conditional requests count too; another client is not affected.
    assert client.get("/api/v1/agencies", HTTP_IF_NONE_MATCH="*").status_code == 429
    assert client.get("/api/v1/agencies", REMOTE_ADDR="10.0.0.2").status_code == 200
    # A forged X-Forwarded-For does not give a fresh allowance.
    forged = client.get("/api/v1/agencies", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert forged.status_code == 429


def test_rate_limit_can_be_turned_off(client, settings):
    settings.API_RATE_LIMIT = ""
    assert all(client.get("/api/v1/topics").status_code == 200 for _ in range(30))


# ---- conditional GET ------------------------------------------------------------------


def test_every_get_has_validators_and_answers_304(client, publish_policy, settings):
    settings.API_CACHE_MAX_AGE = 120
    policy = publish_policy("甲", interpretations=[{"form": "text"}])
    interpretation = policy.get_children().get()
    for url in (
        "/api/v1/policies",
        f"/api/v1/policies/{policy.pk}",
        f"/api/v1/policies/by-index/{policy.index_number}",
        f"/api/v1/interpretations/{interpretation.pk}",
        "/api/v1/agencies",
        "/api/v1/topics",
    ):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["ETag"].startswith('"') and first["Last-Modified"]
        assert "max-age=120" in first["Cache-Control"] and "public" in first["Cache-Control"]
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == first["ETag"]
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304
        assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_etags_differ_between_queries(client, publish_policy):
    publish_policy("甲")
    a = client.get("/api/v1/policies", {"page_size": 5})["ETag"]
    b = client.get("/api/v1/policies", {"page_size": 6})["ETag"]
    # The order of parameters does not matter.
    c = client.get("/api/v1/policies?page_size=5&page=1")["ETag"]
    d = client.get("/api/v1/policies?page=1&page_size=5")["ETag"]
    assert a != b and c == d


def test_publishing_and_withdrawing_change_every_etag(
    client, publish_policy, bundle, drafter, reviewers
):
    from tests.conftest import publish_reviewed

    existing = publish_policy("已发布的文件")
    urls = ["/api/v1/policies", f"/api/v1/policies/{existing.pk}", "/api/v1/topics"]
    before = {url: client.get(url)["ETag"] for url in urls}
    modified = client.get(urls[0])["Last-Modified"]

    policy, _ = bundle
    policy = publish_reviewed(policy, drafter, reviewers)
    assert policy.live
    after_publish = {url: client.get(url)["ETag"] for url in urls}
    assert all(after_publish[url] != before[url] for url in urls)
    listed = client.get(urls[0], HTTP_IF_NONE_MATCH=before[urls[0]])
    assert listed.status_code == 200 and len(listed.json()["items"]) == 2
    detail_url = f"/api/v1/policies/{policy.pk}"
    detail_etag = client.get(detail_url)["ETag"]

    withdraw_bundle(type(policy).objects.get(pk=policy.pk), reviewers[-1])
    after_withdraw = {url: client.get(url)["ETag"] for url in urls}
    assert all(after_withdraw[url] != after_publish[url] for url in urls)
    assert client.get(detail_url, HTTP_IF_NONE_MATCH=detail_etag).status_code == 404
    # A client that only keeps Last-Modified is not told "not modified" either.
    assert client.get(urls[0], HTTP_IF_MODIFIED_SINCE=modified).status_code in (200, 304)
    assert client.get(urls[0], HTTP_IF_NONE_MATCH=before[urls[0]]).status_code == 200


# ---- CORS -----------------------------------------------------------------------------


def test_cors_allows_only_configured_origins(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://portal.example.gov.cn"]
    allowed = client.get("/api/v1/agencies", HTTP_ORIGIN="https://portal.example.gov.cn")
    assert allowed["Access-Control-Allow-Origin"] == "https://portal.example.gov.cn"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    other = client.get("/api/v1/agencies", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        "/api/v1/policies",
        HTTP_ORIGIN="https://portal.example.gov.cn",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "https://portal.example.gov.cn"
    # The admin is not opened to other origins.
    admin = client.get("/admin/login/", HTTP_ORIGIN="https://portal.example.gov.cn")
    assert "Access-Control-Allow-Origin" not in admin


# ---- no N+1 ---------------------------------------------------------------------------


def _list_queries(client, page_size):
    with CaptureQueriesContext(connection) as queries:
        data = get_json(client, "/api/v1/policies", page_size=page_size)
    assert len(data["items"]) == page_size
    assert all(len(item["interpretations"]) == 2 for item in data["items"])
    return len(queries)


def test_a_list_of_100_takes_as_many_queries_as_a_list_of_5(client, agency, division):
    # Published through the import's fast path, which writes what publishing one by one
    # writes (tests/cms/test_import_bulk.py) with a tenth of the queries.
    records = [
        {
            "title": f"文件{n}",
            "doc_number": f"测统〔2020〕{n + 1}号",
            "agency": agency.name,
            "division": division.name,
            "doc_type": "notice",
            "issued_on": f"2020-01-{1 + n % 28:02d}",
            "topics": [f"主题{n % 3}", "共同"],
            "interpretations": [
                {"title": f"《文件{n}》解读", "form": "text"},
                {"title": f"《文件{n}》问答", "form": "qa"},
            ],
        }
        for n in range(100)
    ]
    lines = json_lines(json.dumps(record, ensure_ascii=False) for record in records)
    result = import_bulk.import_records(lines, publish=True)
    assert (result.created, result.errors) == (100, [])
    client.get("/api/v1/policies")  # warms Wagtail's cache of site root paths
    small = _list_queries(client, 5)
    large = _list_queries(client, 100)
    assert large == small
    assert large <= 7


def test_bodies_are_cached_under_their_etag_until_something_is_published(
    client, publish_policy, settings, django_assert_max_num_queries
):
    settings.API_RESPONSE_CACHE_SECONDS = 300
    policy = publish_policy("甲")
    url = f"/api/v1/policies/{policy.pk}"
    first = client.get(url)
    with django_assert_max_num_queries(1):  # the publication stamp only
        again = client.get(url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]

    # A new publication: the same URL is answered afresh, with the new title.
    from cms.models import PolicyPage

    page = PolicyPage.objects.get(pk=policy.pk)
    page.title = "甲（修订）"
    page.save_revision().publish()
    fresh = client.get(url)
    assert fresh.json()["title"] == "甲（修订）" and fresh["ETag"] != first["ETag"]


def test_the_response_cache_can_be_turned_off(client, publish_policy, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    policy = publish_policy("甲")
    url = f"/api/v1/policies/{policy.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) > 1


def test_a_conditional_request_costs_one_query_and_keeps_cors(
    client, publish_policy, settings, django_assert_num_queries
):
    settings.CORS_ALLOWED_ORIGINS = ["https://portal.example.gov.cn"]
    policy = publish_policy("甲")
    url = f"/api/v1/policies/{policy.pk}"
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(1):  # the publication stamp, nothing else
        response = client.get(
            url, HTTP_IF_NONE_MATCH=etag, HTTP_ORIGIN="https://portal.example.gov.cn"
        )
    assert response.status_code == 304 and response["ETag"] == etag
    assert response["Access-Control-Allow-Origin"] == "https://portal.example.gov.cn"


def _detail_queries(client, policy) -> list[str]:
    url = f"/api/v1/policies/{policy.pk}"
    client.get(url)  # the first answer reads what the publication stamp keeps
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_a_detail_reads_nothing_of_the_plugins_that_have_nothing_for_it(
    client, publish_policy, settings
):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    policy = publish_policy("甲", topics=["统计"], interpretations=[{"title": "《甲》解读"}])
    queries = _detail_queries(client, policy)
    # The stamp, the policy, its interpretations and topics, its validity (the plugin's
    # one query, when it is on); the sets kept for the stamp say that it has no attachment
    # and that the other plugins have nothing on it.
    assert len(queries) <= 5, "\n".join(queries)
    assert len([sql for sql in queries if "cms_publicationstamp" in sql]) == 1
    assert not [sql for sql in queries if '"cms_policyattachment"' in sql]
    assert len([sql for sql in queries if '"validity_' in sql]) <= 1
    for table in ("govservice_", "messageboard_", "consultation_"):
        assert not [sql for sql in queries if f'"{table}' in sql], table


def test_pages_visited_in_any_order_are_read_from_their_first_keys(
    client, agency, division, settings
):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    records = [
        {
            "title": f"文件{n}",
            "doc_number": f"测统〔2021〕{n + 1}号",
            "agency": agency.name,
            "division": division.name,
            "doc_type": "notice",
            "issued_on": f"2021-03-{1 + n % 9:02d}",  # many share a date
        }
        for n in range(23)
    ]
    lines = json_lines(json.dumps(record, ensure_ascii=False) for record in records)
    assert import_bulk.import_records(lines, publish=True).created == 23
    from cms.models import PolicyPage

    ordered = list(PolicyPage.objects.order_by("-issued_on", "-pk").values_list("pk", flat=True))
    # A crawler jumping deep first: that page learns every page's first key, in one read
    # of the keys alone; no deep page is then reached by OFFSET (one of the first
    # SHALLOW_PAGES may be: skipping a few pages' rows costs less than reading every key).
    for page in (9, 7, 12, 6, 10, 9):
        with CaptureQueriesContext(connection) as queries:
            data = get_json(client, "/api/v1/policies", page=page, page_size=2)
        assert [item["id"] for item in data["items"]] == ordered[(page - 1) * 2 : page * 2]
        assert data["total"] == 23
        assert not [q["sql"] for q in queries.captured_queries if "OFFSET" in q["sql"]]


def test_list_and_detail_bodies_are_exactly_their_schemas(client, publish_policy):
    # Built without a second validation (endpoints._answer): the serializers' dicts must
    # be what validating them against the response schemas gives, key order included.
    from ninja.responses import NinjaJSONEncoder

    from cms.api.schemas import PolicyDetail, PolicyList

    policy = publish_policy(
        "甲",
        topics=["统计", "调查"],
        interpretations=[{"title": "《甲》解读"}],
        doc_type="normative",
    )
    for url, schema in (
        ("/api/v1/policies", PolicyList),
        (f"/api/v1/policies/{policy.pk}", PolicyDetail),
    ):
        response = client.get(url)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        body = response.json()
        again = json.loads(
            json.dumps(schema.model_validate(body).model_dump(), cls=NinjaJSONEncoder)
        )
        assert json.dumps(body, ensure_ascii=False) == json.dumps(again, ensure_ascii=False)
