"""Imported attachments: checked, stored once, part of the policy's revision, and their
text in search, so a policy whose words are only in its PDF or Word file is found."""

import json

import pytest
from docx import Document as Docx
from wagtail.documents import get_document_model

from cms.importing.runs import import_file
from cms.models import DocumentText, PolicyPage
from tests.search.conftest import search_backend, search_proxy  # noqa: F401


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF showing ``text`` (ASCII) in Helvetica, with a correct xref."""
    stream = f"BT /F1 18 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 144] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def line(n, attachments, **fields):
    record = {
        "title": f"附件导入测试第{n}号",
        "doc_number": f"测统〔2024〕{n}号",
        "agency": "测试市统计局",
        "division": "综合处",
        "doc_type": "notice",
        "issued_on": "2024-05-01",
        "body": "",
        "attachments": attachments,
        **fields,
    }
    return json.dumps(record, ensure_ascii=False)


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "附件"
    folder.mkdir()
    (folder / "检查方案.pdf").write_bytes(pdf_with_text("Inspection plan XJZF2024"))
    docx = Docx()
    docx.add_paragraph("开展统计执法检查专项行动，重点检查虚报瞒报。")
    docx.save(folder / "通知.docx")
    (folder / "假的.pdf").write_text("这不是 PDF", encoding="utf-8")
    (folder / "脚本.exe").write_bytes(b"MZ")
    return tmp_path


def run(files, *lines):
    path = files / "old-site.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, _resumed = import_file(path, publish=True)
    return result


def test_attachments_are_checked_stored_once_and_in_the_revision(division, files):
    pdf = {"title": "检查方案", "path": "附件/检查方案.pdf"}
    docx = {"title": "", "path": "附件/通知.docx"}
    result = run(
        files,
        line(1, [pdf, docx]),
        line(2, [pdf]),
        line(3, [{"path": "附件/没有这个.pdf"}]),
        line(4, [{"path": "附件/假的.pdf"}]),
        line(5, [{"path": "附件/脚本.exe"}]),
        line(6, "附件/检查方案.pdf"),
    )
    assert (result.created, result.failed) == (2, 4)
    reasons = dict(result.errors)
    assert "附件 1" in reasons[3] and "不存在" in reasons[3]
    assert "不是真正的 PDF" in reasons[4]
    assert "不能作为附件" in reasons[5]
    assert "必须是列表" in reasons[6]

    Document = get_document_model()
    assert Document.objects.count() == 2  # the PDF twice, stored once
    first = PolicyPage.objects.get(doc_number="测统〔2024〕1号")
    assert [(a.display_title) for a in first.attachments.all()] == ["检查方案", "通知"]
    revision = first.get_latest_revision_as_object()
    assert [a.title for a in revision.attachments.all()] == ["检查方案", ""]
    texts = dict(DocumentText.objects.values_list("document__title", "text"))
    assert "XJZF2024" in texts["检查方案"] and "统计执法检查" in texts["通知"]

    again = run(files, line(1, [pdf, docx]), line(2, [pdf]))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = run(files, line(1, [docx]))
    assert changed.updated == 1
    assert [a.document.title for a in PolicyPage.objects.get(pk=first.pk).attachments.all()] == [
        "通知"
    ]


@pytest.mark.usefixtures("search_backend")  # every engine
def test_a_policy_whose_words_are_only_in_its_attachments_is_found(
    division, files, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(
            files,
            line(1, [{"path": "附件/通知.docx"}]),
            line(2, [{"path": "附件/检查方案.pdf"}]),
            line(3, [], body="<p>与检查无关的正文。</p>"),
        )
    found = client.get("/api/v1/search", {"q": "执法检查专项"}).json()
    assert [hit["title"] for hit in found["hits"]] == ["附件导入测试第1号"]
    found = client.get("/api/v1/search", {"q": "XJZF2024"}).json()
    assert [hit["title"] for hit in found["hits"]] == ["附件导入测试第2号"]
