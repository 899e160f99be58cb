"""The government information provided with a reply: uploaded by the division with its
draft and by the office at review (checked by content), listed on the request page and in
the letter, and downloaded by the applicant from the tracking page once the letter is
served, with code and contact, when they asked for the website or e-mail."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from plugins.disclosure_requests import states
from plugins.disclosure_requests.models import Attachment, DisclosureRequest

pytestmark = pytest.mark.django_db
S = DisclosureRequest.State
FILE = "/disclosure-requests/track/file/"
PDF = b"%PDF-1.4 the list of enterprises\n%%EOF"


def reread(request):
    return DisclosureRequest.objects.get(pk=request.pk)


def xlsx() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return data.getvalue()


def step(client, user, request, action, files=None, **fields):
    client.force_login(user)
    data = {"action": action, **{f"{action}-{k}": v for k, v in fields.items()}}
    if files:
        data[f"{action}-provided"] = files
    return client.post(f"/admin/disclosure-requests/{request.pk}/", data, follow=True)


def served(client, request, office, office_head, division_staff):
    """Draft with a PDF, review adding a spreadsheet, approve, send: through the views."""
    step(
        client,
        division_staff,
        request,
        "draft",
        [SimpleUploadedFile("名录.pdf", PDF, "application/pdf")],
        outcome="disclosed",
        text="现向您提供所申请的名录。",
    )
    assert reread(request).state == S.DRAFTED
    step(
        client,
        office,
        request,
        "review",
        [SimpleUploadedFile("名录附表.xlsx", xlsx(), "application/octet-stream")],
        text="现向您提供所申请的名录。",
    )
    step(client, office_head, request, "approve", text="现向您提供所申请的名录。")
    step(client, office, request, "send", way="电子邮件")
    return reread(request)


def test_the_applicant_downloads_the_information_provided(
    client, make_request, office, office_head, division, division_staff
):
    request = make_request(way="website")
    states.confirm(request, office, division=division)
    request = served(client, request, office, office_head, division_staff)
    assert request.state == S.CLOSED
    provided = list(request.attachments.filter(kind=Attachment.Kind.PROVIDED))
    assert [a.name for a in provided] == ["名录.pdf", "名录附表.xlsx"]
    assert provided[1].file.name.endswith(".xlsx")
    # Listed on the request page, and named in the letter.
    page = client.get(f"/admin/disclosure-requests/{request.pk}/").content.decode()
    assert "名录附表.xlsx" in page and "提供的政府信息" in page
    with request.letter.file.open("rb") as stored:
        text = "\n".join(p.text for p in Document(stored).paragraphs)
    assert "随本告知书向您提供以下政府信息：名录.pdf、名录附表.xlsx。" in text
    # The tracking page offers both; each comes with code and contact, private.
    client.logout()
    contact = {"code": request.tracking_code, "contact": "13812345678"}
    html = client.post("/disclosure-requests/track/", contact).content.decode()
    assert "名录附表.xlsx" in html and f'action="{FILE}"' in html
    response = client.post(FILE, {**contact, "file": provided[0].pk})
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    assert client.get(FILE).status_code == 405
    # A wrong contact, or another request's code, fetches nothing.
    wrong = client.post(FILE, {**contact, "contact": "13900000000", "file": provided[0].pk})
    assert wrong.get("Content-Disposition") is None
    other = make_request(way="website")
    states.confirm(other, office)
    theirs = client.post(
        FILE, {"code": other.tracking_code, "contact": "13812345678", "file": provided[0].pk}
    )
    assert theirs.status_code == 404 and theirs.get("Content-Disposition") is None


def test_nothing_to_download_before_service_or_when_sent_by_post(
    client, make_request, office, office_head, division, division_staff
):
    request = make_request(way="post", address="测试市人民路1号")
    states.confirm(request, office, division=division)
    step(
        client,
        division_staff,
        request,
        "draft",
        [SimpleUploadedFile("名录.pdf", PDF)],
        outcome="disclosed",
        text="现向您提供所申请的名录。",
    )
    attachment = request.attachments.get(kind=Attachment.Kind.PROVIDED)
    contact = {"code": request.tracking_code, "contact": "13812345678", "file": attachment.pk}
    assert client.post(FILE, contact).get("Content-Disposition") is None  # not yet served
    request = served(client, reread(request), office, office_head, division_staff)
    client.logout()
    assert client.post(FILE, contact).get("Content-Disposition") is None  # by post


def test_a_file_that_is_no_document_is_refused_with_the_draft(
    client, make_request, office, division, division_staff
):
    request = make_request()
    states.confirm(request, office, division=division)
    page = step(
        client,
        division_staff,
        request,
        "draft",
        [SimpleUploadedFile("名录.pdf", b"MZ\x90\x00 a program")],
        outcome="disclosed",
        text="现向您提供所申请的名录。",
    )
    html = page.content.decode()
    assert "不是 PDF、OFD、Word、Excel、JPEG、PNG 或 zip 文件" in html
    request = reread(request)
    assert request.state == S.ASSIGNED and not request.attachments.exists()
