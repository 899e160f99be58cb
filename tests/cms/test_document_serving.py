"""Attachments are public only while a live, proactively disclosed page uses them
(issue 25.3): /documents/<id>/<name> answers 404 for a draft's, a withheld policy's or a
withdrawn policy's files, the demo never serves /media/documents/ itself, and editors who
may see a page that uses the file still open it from the admin's preview."""

import importlib
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches
from wagtail.documents import get_document_model

from cms.access.roles import Role
from cms.models import Division, PolicyAttachment, PolicyPage

PDF = b"%PDF-1.4\n% draft attachment\n"


def upload(name="实施方案.pdf", user=None):
    return get_document_model().objects.create(
        title=name.rsplit(".", 1)[0], file=ContentFile(PDF, name=name), uploaded_by_user=user
    )


@pytest.fixture
def draft_with_attachment(make_policy):
    """A never-published policy with one attachment, as the create view stores it."""
    document = upload()
    policy = make_policy(
        "关于开展专项统计调查的通知",
        live=False,
        attachments=[PolicyAttachment(document=document)],
    )
    return policy, document


def republish(policy, **fields):
    """Publish a new revision of the policy with ``fields`` changed, as the last approval
    does; returns the policy read back."""
    policy = PolicyPage.objects.get(pk=policy.pk)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.save_revision().publish()
    return PolicyPage.objects.get(pk=policy.pk)


@pytest.fixture
def demo_urls(settings):
    """The URLs as the demo builds them, with its media route."""
    import policy_cms.urls

    settings.SERVE_MEDIA = True
    importlib.reload(policy_cms.urls)
    clear_url_caches()
    yield
    settings.SERVE_MEDIA = False
    importlib.reload(policy_cms.urls)
    clear_url_caches()


def test_a_draft_policys_attachment_is_not_served_to_anyone(client, draft_with_attachment):
    _policy, document = draft_with_attachment
    assert document.url.startswith(f"/documents/{document.pk}/")
    response = client.get(document.url)
    assert response.status_code == 404
    assert PDF not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_the_demo_never_serves_documents_from_media(client, draft_with_attachment, demo_urls):
    _policy, document = draft_with_attachment
    assert document.file.url.startswith("/media/documents/")
    assert client.get(document.file.url).status_code == 404
    assert client.get(document.url).status_code == 404
    # Other media (images and their renditions) are still served in the demo.
    from django.core.files.storage import default_storage

    name = default_storage.save("images/logo.svg", ContentFile(b"<svg/>"))
    assert client.get(f"/media/{name}").status_code == 200
    for sly in ("/media/./", "/media//", "/media/images/../"):
        assert client.get(sly + document.file.name).status_code == 404, sly


def test_a_document_is_public_exactly_while_its_policy_is_live_and_proactive(
    client, draft_with_attachment
):
    policy, document = draft_with_attachment
    assert client.get(document.url).status_code == 404

    policy = republish(policy)
    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF
    assert f'href="{document.url}"' in client.get(policy.url).content.decode()

    for attribute in ("withheld", "on_request"):
        policy = republish(policy, disclosure=attribute, disclosure_reason="条例第十四条")
        assert client.get(policy.url).status_code == 404
        assert client.get(document.url).status_code == 404, attribute

    policy = republish(policy, disclosure="proactive", disclosure_reason="")
    assert client.get(document.url).status_code == 200

    policy.unpublish()
    assert client.get(document.url).status_code == 404


def test_a_file_also_used_by_a_public_policy_stays_public(
    client, draft_with_attachment, make_policy
):
    _draft, document = draft_with_attachment
    make_policy("公开的文件", attachments=[PolicyAttachment(document=document)])
    assert client.get(document.url).status_code == 200


def test_a_document_linked_from_a_public_policys_body_is_public(
    client, make_policy, django_capture_on_commit_callbacks
):
    document = upload("附表.pdf")
    link = f'<p>见<a linktype="document" id="{document.pk}">附表</a></p>'
    with django_capture_on_commit_callbacks(execute=True):
        policy = make_policy("正文里链接附表的文件", live=False, body=link)
    assert client.get(document.url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        policy = republish(policy)
    assert f'href="{document.url}"' in client.get(policy.url).content.decode()
    assert client.get(document.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        republish(policy, disclosure="withheld", disclosure_reason="条例第十四条")
    assert client.get(document.url).status_code == 404


def test_editors_who_may_see_the_page_open_its_draft_attachment(
    client, draft_with_attachment, drafter, reviewers, agency, django_user_model, roles, settings
):
    _policy, document = draft_with_attachment
    client.force_login(drafter)
    assert client.get(document.url).status_code == 200
    client.force_login(reviewers[1])  # 网站编辑
    assert client.get(document.url).status_code == 200

    # A drafter of another division may not see the page, so not its file either.
    other = django_user_model.objects.create_user("drafter2", password="pw")
    other.groups.add(roles[Role.DRAFTER])
    Division.objects.create(agency=agency, name="法规处").members.add(other)
    client.force_login(other)
    assert client.get(document.url).status_code == 404

    # Nor an editor outside the admin's networks.
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    client.force_login(drafter)
    assert client.get(document.url, REMOTE_ADDR="203.0.113.9").status_code == 404
    assert client.get(document.url, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_an_attachment_only_in_a_draft_revision_is_previewed_not_published(
    client, make_policy, reviewers
):
    policy = make_policy("已发布的文件")
    document = upload("修订稿.pdf")
    draft = PolicyPage.objects.get(pk=policy.pk)
    draft.attachments = [PolicyAttachment(document=document)]
    draft.save_revision()  # saved, in review: the live page has no attachment yet

    assert client.get(document.url).status_code == 404
    client.force_login(reviewers[1])
    assert client.get(document.url).status_code == 200


def test_an_unused_upload_is_seen_only_by_its_uploader(client, drafter, reviewers):
    document = upload("刚上传.pdf", user=drafter)
    assert client.get(document.url).status_code == 404
    client.force_login(reviewers[1])
    assert client.get(document.url).status_code == 404
    client.force_login(drafter)
    assert client.get(document.url).status_code == 200


def test_a_download_is_named_by_its_title_not_its_stored_name(client, make_policy):
    pdf = get_document_model().objects.create(
        title="附件1：统计调查表", file=ContentFile(PDF, name="tongji_a1.pdf")
    )
    sheet = get_document_model().objects.create(
        title='名单/汇总 "2024".xlsx', file=ContentFile(b"PK\x03\x04", name="list.xlsx")
    )
    make_policy("公开的文件", attachments=[PolicyAttachment(document=d) for d in (pdf, sheet)])

    shown = client.get(pdf.url)
    assert shown.status_code == 200
    named = quote("附件1：统计调查表.pdf")
    # A plain ASCII name first for the clients that read no filename*= (RFC 6266, 4.3):
    # the stored one (tongji_a1.pdf, or with the storage's suffix if taken).
    stored = pdf.file.name.rsplit("/", 1)[-1]
    assert stored.startswith("tongji_a1")
    assert (
        shown["Content-Disposition"] == f"inline; filename=\"{stored}\"; filename*=utf-8''{named}"
    )
    assert "Content-Encoding" not in shown  # Wagtail's sendfile said "None"
    assert shown["Content-Security-Policy"] == "default-src 'none'"  # Wagtail's, kept
    saved = client.get(sheet.url)
    stored = sheet.file.name.rsplit("/", 1)[-1]
    named = quote("名单 汇总  2024 .xlsx")
    assert (
        saved["Content-Disposition"]
        == f"attachment; filename=\"{stored}\"; filename*=utf-8''{named}"
    )
    assert b"".join(saved.streaming_content) == b"PK\x03\x04"


def test_a_download_named_in_chinese_has_a_plain_ascii_fallback(client, make_policy):
    """A try-out: the header held only filename*=, which some download tools and older
    clients ignore, saving the file under its address."""
    stored = get_document_model().objects.create(
        title="实施方案", file=ContentFile(PDF, name="实施方案.pdf")
    )
    plain = get_document_model().objects.create(
        title="plan", file=ContentFile(PDF, name="plan_v2.pdf")
    )
    make_policy("公开的文件", attachments=[PolicyAttachment(document=d) for d in (stored, plain)])
    header = client.get(stored.url)["Content-Disposition"]
    fallback = f"document-{stored.pk}.pdf"
    assert header == f"inline; filename=\"{fallback}\"; filename*=utf-8''" + quote("实施方案.pdf")
    assert header.isascii()
    # An ASCII title needs no fallback: its filename= is the name itself.
    assert client.get(plain.url)["Content-Disposition"] == 'inline; filename="plan.pdf"'


def test_download_names_keep_to_what_a_file_name_may_hold():
    from cms.public.documents import download_name

    assert download_name("附件2 申请表.docx", "a.docx") == "附件2 申请表.docx"
    assert download_name("报表\x00\x1b", "r.XLSX") == "报表.XLSX"
    assert download_name(" ... ", "documents/tongji.pdf") == "tongji.pdf"
    assert len(download_name("长" * 400, "x.pdf")) == 154


def test_a_document_stored_without_its_hash_is_not_answered_as_unchanged(client, make_policy):
    """A try-out: documents made without Wagtail's upload (the demo's) had an empty hash,
    Wagtail's ETag, so ``If-None-Match: ""`` got a 304 for a copy never fetched."""
    document = get_document_model().objects.create(
        title="附件", file=ContentFile(PDF, name="fujian.pdf")
    )
    assert document.file_hash == ""
    make_policy("公开的文件", attachments=[PolicyAttachment(document=document)])

    served = client.get(document.url, HTTP_IF_NONE_MATCH='""')
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    document.refresh_from_db()
    assert len(document.file_hash) == 40 and served["ETag"] == f'"{document.file_hash}"'
    assert client.get(document.url, HTTP_IF_NONE_MATCH=served["ETag"]).status_code == 304


def test_a_text_attachment_is_served_with_its_charset(client, make_policy):
    """A tester's Chinese .txt showed as mojibake: text/plain came with no charset, and a
    browser read it in its own default. UTF-8 is named as such, and a file Notepad or
    Excel saved as GBK (GB18030) as that."""
    text = "2024年统计公报：全市地区生产总值增长5.2%。\n"
    files = {
        "统计公报.txt": (text.encode("utf-8"), "text/plain; charset=utf-8"),
        "旧系统导出.txt": (text.encode("gbk"), "text/plain; charset=gb18030"),
        "名单.csv": ("名称,数量\n统计局,1\n".encode(), "text/csv; charset=utf-8"),
        "汇总.csv": ("名称,数量\n统计局,1\n".encode("gbk"), "text/csv; charset=gb18030"),
        "实施方案.pdf": (PDF, "application/pdf"),
    }
    documents = {
        name: get_document_model().objects.create(
            title=name.rsplit(".", 1)[0], file=ContentFile(data, name=name)
        )
        for name, (data, _type) in files.items()
    }
    make_policy(
        "公开的文件", attachments=[PolicyAttachment(document=d) for d in documents.values()]
    )

    for name, (data, content_type) in files.items():
        served = client.get(documents[name].url)
        assert served.status_code == 200
        assert served["Content-Type"] == content_type, name
        # The bytes as stored, as many as announced: the CSV exports' BOM made a CSV
        # three bytes longer than its Content-Length, so its last three were lost.
        assert b"".join(served.streaming_content) == data
        assert served["Content-Length"] == str(len(data))
    utf8 = client.get(documents["统计公报.txt"].url)
    assert b"".join(utf8.streaming_content).decode(utf8.charset) == text


def test_the_policy_page_shows_each_attachments_format_and_size(client, make_policy):
    """Testers: the links showed the file name only; a reader on a phone wants to know
    what a tap downloads. The size is the one the upload form stored, or the file's."""
    uploaded = get_document_model().objects.create(
        title="实施方案", file=ContentFile(b"%PDF" + b"0" * 1_258_287, name="fangan.pdf")
    )
    uploaded.file_size = uploaded.file.size  # as Wagtail's upload form stores it
    uploaded.save()
    imported = get_document_model().objects.create(
        title="申请表", file=ContentFile(b"PK" + b"0" * (35 * 1024 - 2), name="shenqing.docx")
    )
    assert imported.file_size is None  # made as an import makes it
    policy = make_policy(
        "关于公布实施方案的通知",
        attachments=[
            PolicyAttachment(document=uploaded),
            PolicyAttachment(document=imported, title="附件2：申请表"),
        ],
    )

    html = client.get(PolicyPage.objects.get(pk=policy.pk).url).content.decode()
    assert (
        f'<a href="{uploaded.url}">实施方案</a><span class="file-meta">（PDF，1.2 MB）</span>'
        in html
    )
    assert (
        f'<a href="{imported.url}">附件2：申请表</a><span class="file-meta">（DOCX，35 KB）</span>'
        in html
    )


def test_attachment_sizes_read_as_a_reader_counts_them():
    from cms.rules.attachments import file_label, size_text

    assert [size_text(n) for n in (0, 812, 1024, 35 * 1024, 1_258_291, 12 * 1024**2)] == [
        "0 B",
        "812 B",
        "1.0 KB",
        "35 KB",
        "1.2 MB",
        "12 MB",
    ]
    assert size_text(3 * 1024**4) == "3072 GB"
    assert file_label("documents/a.PDF", None) == "（PDF）"
    assert file_label("documents/noextension", 2048) == "（2.0 KB）"
    assert file_label("", None) == ""
