"""The read endpoints: fields, filters, ordering and pagination."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from cms.extend.hookspecs import hookimpl
from cms.models import Division, PolicyAttachment
from tests.cms.api.conftest import get_json

pytestmark = pytest.mark.django_db


def test_list_items_carry_the_policy_and_its_interpretations(client, publish_policy):
    policy = publish_policy(
        "关于促进统计数据共享的通知",
        doc_number="测统〔2024〕3号",
        summary="共享统计数据。",
        topics=["数据共享", "统计管理"],
        interpretations=[
            {"form": "qa", "stage": "follow_up", "title": "跟踪解读"},
            {"form": "text", "stage": "synchronous", "title": "同步解读"},
        ],
    )
    data = get_json(client, "/api/v1/policies")
    assert data["total"] == 1 and data["num_pages"] == 1
    item = data["items"][0]
    assert item["id"] == policy.pk
    assert item["title"] == "关于促进统计数据共享的通知"
    assert item["doc_number"] == "测统〔2024〕3号"
    assert item["index_number"] == policy.index_number and policy.index_number
    assert item["agency"] == {"id": policy.agency_id, "name": "测试市统计局"}
    assert item["division"]["name"] == "综合处"
    assert item["topics"] == ["数据共享", "统计管理"]
    assert item["issued_on"] == "2024-03-01"
    assert item["published_at"]
    assert item["url"] == policy.get_full_url()
    assert item["api_url"] == f"http://testserver/api/v1/policies/{policy.pk}"
    assert item["summary"] == "共享统计数据。"
    # Synchronous interpretations come first.
    assert [(i["title"], i["stage"], i["form"]) for i in item["interpretations"]] == [
        ("同步解读", "synchronous", "text"),
        ("跟踪解读", "follow_up", "qa"),
    ]
    assert all(i["url"].startswith("http://") for i in item["interpretations"])


def test_filters_combine(client, publish_policy, agency):
    other_division = Division.objects.create(agency=agency, name="法规处")
    a = publish_policy("甲", doc_type="normative", topics=["就业"], issued_on=date(2023, 5, 1))
    b = publish_policy("乙", doc_type="notice", topics=["就业"], issued_on=date(2024, 6, 1))
    c = publish_policy(
        "丙", doc_type="normative", issued_on=date(2024, 7, 1), division=other_division
    )

    def ids(**params):
        return [item["id"] for item in get_json(client, "/api/v1/policies", **params)["items"]]

    assert ids() == [c.pk, b.pk, a.pk]
    assert ids(doc_type="normative") == [c.pk, a.pk]
    assert ids(topic="就业") == [b.pk, a.pk]
    assert ids(topic="就业", doc_type="normative") == [a.pk]
    assert ids(year=2024) == [c.pk, b.pk]
    assert ids(issued_from="2024-01-01", issued_to="2024-06-30") == [b.pk]
    assert ids(division=other_division.pk) == [c.pk]
    assert ids(agency=agency.pk) == [c.pk, b.pk, a.pk]
    assert ids(agency=agency.pk + 100) == []
    assert ids(ordering="issued_on") == [a.pk, b.pk, c.pk]
    assert ids(ordering="-published_at") == [c.pk, b.pk, a.pk]


def test_pagination_counts_everything_and_pages_through_it(client, publish_policy):
    made = [publish_policy(f"文件{n}", issued_on=date(2024, 1, n + 1)) for n in range(5)]
    first = get_json(client, "/api/v1/policies", page_size=2)
    assert (first["total"], first["num_pages"], first["page"]) == (5, 3, 1)
    seen = []
    for page in (1, 2, 3):
        seen += [
            i["id"] for i in get_json(client, "/api/v1/policies", page=page, page_size=2)["items"]
        ]
    assert seen == [p.pk for p in reversed(made)]
    assert get_json(client, "/api/v1/policies", page=4, page_size=2)["items"] == []


class SourcePlugin:
    @hookimpl
    def extra_api_fields(self, policy, request):
        return {"source": f"档案 {policy.doc_number}"}


def test_detail_has_body_attachments_footnote_and_plugin_fields(client, publish_policy, plugin):
    plugin(SourcePlugin(), "archive")
    policy = publish_policy(
        "关于附件的通知",
        doc_number="测统〔2024〕9号",
        body='<p>正文<a href="https://example.org/x">链接</a></p><script>alert(1)</script>'
        '<p onclick="steal()">第二段</p>',
    )
    document = Document.objects.create(title="附件一", file=ContentFile(b"x" * 1234, "a.pdf"))
    PolicyAttachment.objects.create(page=policy, document=document, title="统计表")

    data = get_json(client, f"/api/v1/policies/{policy.pk}")
    assert data["title"] == "关于附件的通知"
    assert "<script" not in data["body"] and "onclick" not in data["body"]
    assert '<a href="https://example.org/x">链接</a>' in data["body"]
    assert "第二段" in data["body"]
    assert data["attachments"] == [
        {"title": "统计表", "size": 1234, "url": f"http://testserver{document.url}"}
    ]
    assert data["footnote"] == policy.footnote and data["footnote"].startswith("此件")
    assert data["plugins"]["archive"] == {"source": "档案 测统〔2024〕9号"}

    by_index = get_json(client, f"/api/v1/policies/by-index/{policy.index_number}")
    assert "/" in policy.index_number
    assert by_index == data


def test_interpretation_detail_has_sections_and_a_link_back(client, publish_policy):
    from interpretations.models import InterpretationPage

    policy = publish_policy(
        "关于解读的通知",
        interpretations=[
            {
                "form": "qa",
                "interpreter_name": "王某",
                "interpreter_title": "局长",
                "body": [
                    ("section", {"kind": "background", "heading": "", "text": "<p>背景</p>"}),
                    ("qa", {"question": "为什么？", "answer": "<p>因为。</p><script>x</script>"}),
                    ("video", {"url": "https://example.org/v.mp4", "caption": "视频"}),
                    ("paragraph", "<p>结语</p>"),
                ],
            }
        ],
    )
    interpretation = InterpretationPage.objects.child_of(policy).get()
    data = get_json(client, f"/api/v1/interpretations/{interpretation.pk}")
    assert data["title"] == "《关于解读的通知》解读"
    assert (data["form"], data["stage"], data["interpreter_title"]) == ("qa", "synchronous", "局长")
    assert data["sections"][1:] == [
        {"type": "qa", "question": "为什么？", "html": "<p>因为。</p>"},
        {"type": "video", "url": "https://example.org/v.mp4", "caption": "视频"},
        {"type": "paragraph", "html": "<p>结语</p>"},
    ]
    section = data["sections"][0]
    assert (section["type"], section["kind"], section["html"]) == (
        "section",
        "background",
        "<p>背景</p>",
    )
    assert section["heading"]  # the section's name when no heading was given
    assert data["policy"]["id"] == policy.pk
    assert data["policy"]["api_url"].endswith(f"/api/v1/policies/{policy.pk}")
    detail = get_json(client, f"/api/v1/policies/{policy.pk}")
    assert detail["interpretations"][0]["id"] == interpretation.pk


def test_agencies_list_their_divisions(client, agency, division):
    Division.objects.create(agency=agency, name="法规处")
    data = get_json(client, "/api/v1/agencies")
    assert data == [
        {
            "id": agency.pk,
            "name": "测试市统计局",
            "short_name": "测统",
            "region": "测试市",
            "divisions": [{"id": d.pk, "name": d.name} for d in agency.divisions.all()],
        }
    ]
    assert len(data[0]["divisions"]) == 2


def test_topics_count_public_policies_only(client, publish_policy):
    publish_policy("甲", topics=["就业", "统计"])
    publish_policy("乙", topics=["就业"])
    publish_policy("丙", topics=["就业", "草稿专有"], live=False)
    publish_policy(
        "丁", topics=["依申请"], disclosure="on_request", disclosure_reason="涉及第三方商业秘密。"
    )
    assert get_json(client, "/api/v1/topics") == [
        {"name": "就业", "count": 2},
        {"name": "统计", "count": 1},
    ]


def test_topics_count_each_topic_once_whatever_its_script(client, publish_policy):
    """政务公开 and 政務公開 (old imported data) are one topic, in the spelling in use; a
    policy filed under both spellings counts once."""
    publish_policy("甲", topics=["政务公开"])
    publish_policy("乙", topics=["政務公開", "统计"])
    publish_policy("丙", topics=["政务公开", "政務公開"])
    publish_policy("丁", topics=["政務公開"], live=False)
    assert get_json(client, "/api/v1/topics") == [
        {"name": "政务公开", "count": 3},
        {"name": "统计", "count": 1},
    ]


def test_schema_and_docs_page(client):
    schema = get_json(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/policies",
        "/api/v1/policies/{id}",
        "/api/v1/policies/by-index/{index_number}",
        "/api/v1/interpretations/{id}",
        "/api/v1/agencies",
        "/api/v1/topics",
    } <= set(schema["paths"])
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"openapi.json" in docs.content


def test_list_pages_in_the_default_order_are_read_from_their_first_key(
    client, make_policy, settings
):
    """Every page of the default order (cms/models/paging.py) holds what the ordered list
    holds there, date ties included, with the bodies' cache off; past the end, nothing."""
    settings.API_RESPONSE_CACHE_SECONDS = 0
    for n in range(45):
        make_policy(f"接口分页文件{n:02d}号", issued_on=date(2020 + n % 3, 1 + n % 2, 1))
    ordered = client.get("/api/v1/policies", {"page_size": 100}).json()["items"]
    by_date = sorted(ordered, key=lambda p: (p["issued_on"], p["id"]), reverse=True)
    assert [p["id"] for p in ordered] == [p["id"] for p in by_date]
    pages = [
        client.get("/api/v1/policies", {"page": n, "page_size": 20}).json() for n in (1, 2, 3, 4)
    ]
    assert [p["total"] for p in pages] == [45] * 4 and pages[0]["num_pages"] == 3
    assert [i["id"] for page in pages for i in page["items"]] == [p["id"] for p in ordered]
    assert pages[3]["items"] == []
    oldest = client.get(
        "/api/v1/policies", {"ordering": "issued_on", "page": 3, "page_size": 20}
    ).json()
    assert [i["id"] for i in oldest["items"]] == [p["id"] for p in ordered[:5]][::-1]
