"""One behavioural suite, run on every backend (see conftest.py)."""

from dataclasses import replace
from datetime import date

import pytest

from cms.extend.hookspecs import hookimpl
from cms.extend.policy_filters import PolicyFilter
from cms.models import Division
from cms.review.bundle import withdraw_bundle
from search.backends import get_backend
from search.query import Query, SearchParams

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(publish_policy, django_capture_on_commit_callbacks):
    """Publish a policy the way the site does: the index follows after commit."""

    def make(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return publish_policy(*args, **kwargs)

    return make


def search(client, status=200, **params):
    response = client.get("/api/v1/search", params)
    assert response.status_code == status, response.content[:400]
    return response.json()


def ids(data):
    return [hit["id"] for hit in data["hits"]]


def test_simplified_and_traditional_find_each_other(client, search_backend, indexed):
    traditional = indexed("關於做好政務公開工作的通知", summary="推進政務公開。")
    simplified = indexed("政务公开实施办法", summary="规范政务公开。")
    indexed("统计调查管理办法")
    for query in ("政务公开", "政務公開"):
        assert sorted(ids(search(client, q=query))) == sorted([traditional.pk, simplified.pk])
    hit = next(h for h in search(client, q="政务公开")["hits"] if h["id"] == traditional.pk)
    # The original (traditional) text is shown, with the matched words marked.
    assert hit["title"] == "關於做好政務公開工作的通知"
    assert "<mark>政務公開</mark>" in hit["highlight"]["title"]


@pytest.mark.parametrize(
    "query",
    [
        "沪统〔2024〕5号",
        "沪统[2024]5号",
        "沪统(2024)5号",
        "沪统〔2024〕5 号",
        "滬統（２０２４）５號",
    ],
)
def test_document_number_variants_rank_the_document_first(client, search_backend, indexed, query):
    wanted = indexed("关于统计报表的通知", doc_number="沪统〔2024〕5号")
    indexed("关于统计年报的通知", doc_number="沪统〔2024〕15号", summary="沪统 2024 5 号")
    indexed("关于统计月报的通知", doc_number="沪统〔2023〕5号")
    data = search(client, q=query)
    assert data["hits"] and data["hits"][0]["id"] == wanted.pk
    assert data["hits"][0]["doc_number"] == "沪统〔2024〕5号"
    # Marked whole in the hit that has it, in no other.
    assert data["hits"][0]["highlight"]["doc_number"] == "<mark>沪统〔2024〕5号</mark>"
    assert all("<mark>" not in hit["highlight"]["doc_number"] for hit in data["hits"][1:])
    page = client.get("/search/", {"q": query}).content.decode()
    assert " · <mark>沪统〔2024〕5号</mark> · " in page


def test_a_policy_is_found_through_its_interpretation(client, search_backend, indexed):
    policy = indexed(
        "关于支持重点群体就业的通知",
        interpretations=[
            {
                "form": "text",
                "title": "政策解读",
                "summary": "创业担保贷款贴息比例提高到百分之八十。",
            }
        ],
    )
    indexed("关于统计调查的通知")
    data = search(client, q="创业担保贷款")
    assert ids(data) == [policy.pk]
    matched = data["hits"][0]["matched_interpretations"]
    assert [m["id"] for m in matched] == [policy.get_children().get().pk]
    assert "<mark>" in matched[0]["fragments"][0]


def test_filters_combine_and_facets_count_the_hits(client, search_backend, indexed, agency):
    other = Division.objects.create(agency=agency, name="法规处")
    a = indexed(
        "统计数据管理办法", doc_type="normative", topics=["统计"], issued_on=date(2023, 3, 1)
    )
    b = indexed(
        "统计数据发布通知", doc_type="notice", topics=["统计", "发布"], issued_on=date(2024, 5, 1)
    )
    c = indexed(
        "统计数据质量规定",
        doc_type="normative",
        topics=["质量"],
        issued_on=date(2024, 8, 1),
        division=other,
    )
    indexed("就业补贴办法", doc_type="normative", issued_on=date(2024, 1, 1))

    data = search(client, q="统计数据", page_size=50)
    assert sorted(ids(data)) == sorted([a.pk, b.pk, c.pk]) and data["total"] == 3
    facets = data["facets"]
    assert {f["value"]: f["count"] for f in facets["doc_type"]} == {"normative": 2, "notice": 1}
    assert {f["value"]: f["count"] for f in facets["topic"]} == {"统计": 2, "发布": 1, "质量": 1}
    assert {f["value"]: f["count"] for f in facets["year"]} == {"2023": 1, "2024": 2}
    assert sum(f["count"] for f in facets["division"]) == data["total"]
    assert {f["label"] for f in facets["doc_type"]} >= {"行政规范性文件"}

    assert ids(search(client, q="统计数据", doc_type="normative", year_from=2024)) == [c.pk]
    assert ids(search(client, q="统计数据", topic="统计", year_to=2023)) == [a.pk]
    assert ids(search(client, q="统计数据", division=other.pk)) == [c.pk]
    assert search(client, q="统计数据", agency=agency.pk)["total"] == 3
    assert search(client, q="统计数据", doc_type="plan")["total"] == 0


def test_an_empty_query_lists_by_date(client, search_backend, indexed):
    old = indexed("旧文件", issued_on=date(2020, 1, 1), doc_type="notice")
    new = indexed("新文件", issued_on=date(2025, 1, 1), doc_type="notice")
    indexed("其他文件", issued_on=date(2024, 1, 1), doc_type="plan")
    assert ids(search(client, doc_type="notice")) == [new.pk, old.pk]
    assert search(client)["total"] == 3
    assert ids(search(client, q="文件", sort="date"))[0] == new.pk


def test_highlights_mark_the_query_words(client, search_backend, indexed):
    indexed(
        "关于优化营商环境的若干措施",
        body="<p>为进一步优化营商环境，激发市场主体活力，制定本措施。</p>",
    )
    hit = search(client, q="营商环境")["hits"][0]
    assert hit["highlight"]["title"] == "关于优化<mark>营商环境</mark>的若干措施"
    assert any("<mark>营商环境</mark>" in f for f in hit["highlight"]["body"])


def test_a_withdrawn_policy_disappears(
    client, search_backend, bundle, drafter, reviewers, django_capture_on_commit_callbacks
):
    from tests.conftest import publish_reviewed

    policy, _ = bundle
    with django_capture_on_commit_callbacks(execute=True):
        policy = publish_reviewed(policy, drafter, reviewers)
    assert ids(search(client, q="统计调查")) == [policy.pk]
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_bundle(type(policy).objects.get(pk=policy.pk), reviewers[-1])
    assert search(client, q="统计调查")["total"] == 0


def test_drafts_and_non_proactive_policies_never_appear(client, search_backend, indexed):
    indexed("公开的统计文件")
    indexed("草稿中的统计文件", live=False)
    indexed("依申请公开的统计文件", disclosure="on_request", disclosure_reason="涉及商业秘密。")
    data = search(client, q="统计文件")
    assert [h["title"] for h in data["hits"]] == ["公开的统计文件"]
    assert search(client)["total"] == 1


class ValidityPlugin:
    @hookimpl
    def extra_search_fields(self, policy):
        return {"status": "repealed" if "废止" in policy.title else "in_force"}


def test_a_topic_is_one_facet_bucket_whatever_its_script(client, search_backend, indexed):
    """政务公开 and 政務公開 (old imported data) are one topic: one bucket, in the spelling in
    use, counting each policy once, even one filed under both spellings."""
    indexed("关于政务公开的通知", topics=["政务公开"])
    indexed("關於政務公開的通知", topics=["政務公開"])
    both = indexed("政务公开统计通知", topics=["政务公开", "政務公開", "统计"])
    indexed("统计调查通知", topics=["统计"])
    indexed("就业补贴办法", topics=["政務公開"])  # not a hit

    data = search(client, q="通知", page_size=50)
    assert data["total"] == 4
    assert [(f["value"], f["label"], f["count"]) for f in data["facets"]["topic"]] == [
        ("政务公开", "政务公开", 3),
        ("统计", "统计", 2),
    ]
    # Its bucket's value filters by the topic: the same three policies.
    assert search(client, q="通知", topic="政务公开")["total"] == 3
    assert both.pk in ids(search(client, q="通知", topic="政務公開"))


def test_plugin_fields_filter_and_facet(client, search_backend, indexed, plugin):
    plugin(ValidityPlugin(), "status_demo")
    kept = indexed("统计工作规定")
    gone = indexed("统计工作规定（已废止）")
    data = search(client, q="统计工作")
    assert sorted(ids(data)) == sorted([kept.pk, gone.pk])
    facet = {f["label"]: f["count"] for f in data["facets"]["plugins.status_demo.status"]}
    assert facet == {"in_force": 1, "repealed": 1}
    filtered = search(client, q="统计工作", plugin="status_demo.status=in_force")
    assert ids(filtered) == [kept.pk]
    assert filtered["hits"][0]["plugins"]["status_demo"] == {"status": "in_force"}


class OutdatedPlugin(ValidityPlugin):
    @hookimpl
    def policy_filters(self):
        choices = [("in_force", "现行有效"), ("repealed", "已废止")]
        return [
            PolicyFilter(
                "status",
                "状态",
                choices,
                lambda policies, value: policies,
                search_field="status_demo.status",
                search_outdated=("repealed",),
            )
        ]


def test_by_relevance_a_policy_that_applies_ranks_before_an_outdated_one(
    client, search_backend, indexed, plugin
):
    plugin(OutdatedPlugin(), "status_demo")
    # Equally relevant; the repealed one is older, the order ties would otherwise keep.
    gone = indexed("统计工作规定（已废止）", summary="统计工作")
    kept = indexed("统计工作规定（仍有效）", summary="统计工作")
    assert ids(search(client, q="统计工作")) == [kept.pk, gone.pk]
    assert ids(search(client, q="统计工作", sort="date")) == [kept.pk, gone.pk]
    # A better match that is outdated ranks after every policy that applies, first of the
    # outdated ones.
    best = indexed("统计工作统计工作（已废止）", summary="统计工作统计工作")
    repealed = "status_demo.status=repealed"
    assert ids(search(client, q="统计工作", plugin=repealed)) == [best.pk, gone.pk]
    # It scores higher than the one that applies: ranked by score alone, it comes first.
    query = Query.from_params(SearchParams(q="统计工作"))
    assert repealed in query.outdated
    by_score = get_backend().search(replace(query, outdated=()))
    assert by_score.hits[0].id == best.pk and by_score.total == 3
    data = search(client, q="统计工作")
    assert ids(data) == [kept.pk, best.pk, gone.pk] and data["total"] == 3
    # A page may begin and end in either group; the total counts both.
    pages = [search(client, q="统计工作", page_size=2, page=n) for n in (1, 2)]
    assert [ids(p) for p in pages] == [[kept.pk, best.pk], [gone.pk]]
    assert {p["total"] for p in pages} == {3}
    assert ids(search(client, q="统计工作", page_size=1, page=2)) == [best.pk]
    # By date, the order is the dates' alone; the facets count both groups.
    assert ids(search(client, q="统计工作", sort="date")) == [best.pk, kept.pk, gone.pk]
    facet = {f["value"]: f["count"] for f in data["facets"]["plugins.status_demo.status"]}
    assert facet == {repealed: 2, "status_demo.status=in_force": 1}
    # The policy named by its number comes first, outdated or not; one that applies and
    # cites it, after it.
    named = indexed("统计工作通知（已废止）", doc_number="沪统〔2024〕7号", summary="统计工作")
    cited = indexed("统计工作通知", summary="统计工作，见沪统〔2024〕7号")
    assert ids(search(client, q="沪统〔2024〕7号")) == [named.pk, cited.pk]
    assert ids(search(client, q="统计工作 沪统(2024)7号")) == [named.pk, cited.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "x"},
        {"page_size": "500"},
        {"doc_type": "memo"},
        {"year_from": "20x4"},
        {"sort": "random"},
        {"q": "长" * 201},
        {"plugin": "no equals sign"},
    ],
)
def test_malformed_parameters_are_400_json(client, search_backend, params):
    data = search(client, status=400, **params)
    assert data["code"] == "invalid_parameter" and "参数" in data["message"]


@pytest.fixture
def embedded(settings, tmp_path):
    """The embedded engine alone: a 400 reaches no engine, which the lanes expect one to."""
    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "search"


def test_a_year_range_backwards_is_a_400_that_says_so(client, embedded):
    data = search(client, status=400, year_from=2026, year_to=2010)
    assert data["code"] == "invalid_parameter"
    assert "起始年份不能晚于截止年份" in data["message"], data["message"]
    assert search(client, year_from=2020, year_to=2020)["total"] == 0  # one year is a range


def test_a_malformed_plugin_filter_is_named_as_the_user_sent_it(client, embedded):
    message = search(client, status=400, plugin="xyz")["message"]
    assert "参数“plugin”" in message and "plugin.0" not in message, message
