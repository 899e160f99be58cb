"""Every block of a saved interpretation body reaches every reader of it.

The pages come back from the database and from their latest revision (see conftest.py):
the confidentiality review, the search document and a search on every backend, the API's
typed sections and the public page all read what the editor saved.
"""

import re

import pytest

from cms.models import PolicyPage
from cms.review.bundle import submission_findings
from cms.text.page_text import body_text, page_texts
from interpretations.models import InterpretationPage
from search.documents import document_for
from tests.conftest import INTERPRETATION_TEXT
from tests.interpretations.bodies import BLOCKS

pytestmark = pytest.mark.django_db


def read_back(interpretation_id):
    """The interpretation as stored and as its latest revision."""
    stored = InterpretationPage.objects.get(pk=interpretation_id)
    return {"database": stored, "latest revision": stored.get_latest_revision_as_object()}


def test_the_body_text_holds_every_block_read_back(stored_bundle):
    _, interpretation_id = stored_bundle
    for source, page in read_back(interpretation_id).items():
        text = body_text(page)
        for block in BLOCKS:
            assert block.word in text, (source, block)
            assert block.marking in text, (source, block)
        # A marking printed on a line of its own stays on its own line.
        assert "\n秘密★1年\n" in f"\n{text}\n", source


def test_the_confidentiality_review_finds_a_marking_in_every_block(stored_bundle):
    policy_id, interpretation_id = stored_bundle
    findings = submission_findings(PolicyPage.objects.get(pk=policy_id))
    title = InterpretationPage.objects.get(pk=interpretation_id).title
    markings = [f for f in findings if f.check == "classification_markings"]
    for block in BLOCKS:
        found = [f for f in markings if block.marking in f.message]
        assert len(found) == 1, block
        finding = found[0]
        assert finding.severity == "error"
        assert finding.member == title
        # The field names the body and the block, so the drafter can find it.
        assert finding.field.startswith("正文"), finding.field
        assert block.marking in finding.excerpt
    fields = {f.field for f in markings}
    assert len(fields) == len(BLOCKS), "each block is named apart"
    assert any("背景依据" in field for field in fields)
    assert any("问答" in field for field in fields)


def test_personal_data_in_a_stored_body_is_a_warning(make_policy, make_interpretation, drafter):
    from wagtail.rich_text import RichText

    policy = make_policy("关于热线管理的办法", live=False, doc_type="normative", owner=drafter)
    make_interpretation(
        policy,
        "《关于热线管理的办法》解读",
        live=False,
        stage="synchronous",
        body=[("paragraph", RichText(f"<p>{INTERPRETATION_TEXT}咨询请拨打13812345678。</p>"))],
    )
    findings = submission_findings(PolicyPage.objects.get(pk=policy.pk))
    assert [(f.check, f.severity) for f in findings] == [("personal_data", "warning")]
    assert "138****5678" in findings[0].excerpt


def test_the_page_texts_name_every_field_read_back(stored_bundle):
    _, interpretation_id = stored_bundle
    page = read_back(interpretation_id)["latest revision"]
    fields = [field for field, _ in page_texts(page)]
    assert fields[0] == "标题"
    assert sum(field.startswith("正文") for field in fields) == len(BLOCKS)


def test_the_search_document_holds_every_block(published_bundle):
    policy_id, interpretation_id = published_bundle
    document = document_for(policy_id)
    (item,) = document["interpretations"]
    assert item["id"] == interpretation_id
    for block in BLOCKS:
        assert block.word in item["text"], block
        assert block.word in document["interpretations_n"], block


def test_the_api_types_every_section(client, published_bundle):
    _, interpretation_id = published_bundle
    response = client.get(f"/api/v1/interpretations/{interpretation_id}")
    assert response.status_code == 200
    sections = response.json()["sections"]
    assert [s["type"] for s in sections] == [b.type for b in BLOCKS]
    for block, section in zip(BLOCKS, sections, strict=True):
        if block.type == "section":
            assert section["kind"] == block.kind
            assert section["heading"] == block.heading
            assert block.word in section["html"] and block.marking in section["html"]
        elif block.type == "qa":
            assert block.word in section["question"]
            assert block.marking in section["html"]
        elif block.type == "figure":
            assert re.match(r"http://testserver/media/images/.+\.png$", section["image"])
            assert block.word in section["caption"]
        elif block.type == "video":
            assert section["url"] == "https://video.example.gov.cn/1.mp4"
            assert block.word in section["caption"]
        else:
            assert block.word in section["html"]


def test_the_public_page_shows_chinese_headings(client, published_bundle):
    _, interpretation_id = published_bundle
    page = InterpretationPage.objects.get(pk=interpretation_id)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == [b.heading for b in BLOCKS if b.type == "section"]
    for block in BLOCKS:
        assert block.word in html, block
    # An editor's own heading replaces the section name.
    revision = page.get_latest_revision_as_object()
    revision.body[0].value["heading"] = "为什么出台本办法"
    revision.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert re.findall(r"<h2>(.*?)</h2>", html)[0] == "为什么出台本办法"


def test_an_imported_interpretation_reaches_the_review_and_the_index(
    division, django_capture_on_commit_callbacks
):
    """The importer's lead paragraph, sections and answers are read like an editor's."""
    import json

    from cms.importing.importer import import_policies

    record = {
        "title": "关于湿地保护统计的办法",
        "doc_number": "测统〔2024〕8号",
        "agency": "测试市统计局",
        "division": "综合处",
        "doc_type": "normative",
        "issued_on": "2024-05-01",
        "body": "第一条 总则。",
        "interpretations": [
            {
                "title": "《关于湿地保护统计的办法》解读",
                "stage": "synchronous",
                "body": "本文解读苍鹭栖息地统计。\n工作秘密",
                "sections": [{"kind": "background", "text": "白鹭调查的依据。"}],
                "qa": [{"question": "灰鹤怎样统计？", "answer": "按季度统计。秘密★1年"}],
            }
        ],
    }
    lines = [json.dumps(record, ensure_ascii=False)]
    assert import_policies(lines, publish=False).created == 1
    policy = PolicyPage.objects.get(title=record["title"])
    findings = [f for f in submission_findings(policy) if f.check == "classification_markings"]
    assert sorted(f.message for f in findings) == [
        "含密级标志“工作秘密”。",
        "含密级标志“秘密★1年”。",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        import_policies(lines, publish=True)
    document = document_for(policy.pk)
    for word in ("苍鹭", "白鹭", "灰鹤", "背景依据"):
        assert word in document["interpretations"][0]["text"], word
