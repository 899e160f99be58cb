"""The public pages: applying through the real form (with an ID copy), the receipt,
following the application with its code and contact (the same answer for any wrong one),
answering a supplement online, withdrawing, and downloading the reply letter."""

import re
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry

from plugins.disclosure_requests import clocks, hooks, states
from plugins.disclosure_requests.models import DisclosureRequest
from tests.plugins.disclosure_requests.conftest import ID_NUMBER

pytestmark = pytest.mark.django_db


def captcha_served() -> bool:
    """Whether the CAPTCHA's URLs exist: a plugin returns them when its CAPTCHA is on at
    start (the message board always does)."""
    try:
        reverse("captcha-refresh")
    except NoReverseMatch:
        return False
    return True


S = DisclosureRequest.State
APPLY, TRACK, LETTER = (
    "/disclosure-requests/",
    "/disclosure-requests/track/",
    "/disclosure-requests/track/letter/",
)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
FORM = {
    "applicant_type": "person",
    "name": "王小明",
    "id_type": "resident_id",
    "id_number": ID_NUMBER,
    "phone": "138 1234 5678",
    "email": "wang@example.com",
    "information": "2025年本市规模以上工业企业名录",
    "form": "electronic",
    "way": "email",
}


def reread(request):
    return DisclosureRequest.objects.get(pk=request.pk)


def apply(client, **fields):
    data = {**FORM, **fields}
    return client.post(APPLY, {k: v for k, v in data.items() if v is not None})


def track(client, code, contact, **fields):
    return client.post(TRACK, {"code": code, "contact": contact, **fields})


def test_the_guide_and_form_are_linked_from_every_page_footer(client, agency):
    page = client.get(APPLY)
    html = page.content.decode()
    assert page.status_code == 200
    assert "依申请公开" in html and 'href="/disclosure-requests/"' in html  # the footer
    assert "novalidate" in html and 'enctype="multipart/form-data"' in html
    assert 'type="radio" name="way"' in html and 'type="radio" name="form"' in html
    assert "20个工作日" in html
    assert 'name="agency"' not in html  # the only agency is the one asked


def test_each_section_heading_says_something_its_fields_do_not(client, agency):
    """A try-out: the heading over the information's fields repeated the first field's
    label (所需信息的名称或内容描述 twice)."""
    import re

    html = client.get(APPLY).content.decode()
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    labels = re.findall(r"<label[^>]*>(.*?)(?:<abbr|</label>)", html)
    assert "所需信息" in headings and "所需信息的名称或内容描述" in [x.strip() for x in labels]
    assert not set(headings) & {label.strip() for label in labels}


def test_applying_with_an_id_copy_gives_a_receipt_and_stores_it_privately(client, agency, settings):
    copy = SimpleUploadedFile("身份证.jpg", JPEG, content_type="image/jpeg")
    response = client.post(APPLY, {**FORM, "attachments": [copy]})
    assert response.status_code == 302 and response["Location"] == "/disclosure-requests/received/"
    request = DisclosureRequest.objects.get()
    assert request.state == S.SUBMITTED and request.agency == agency
    assert (request.id_number, request.phone, request.email) == (
        ID_NUMBER,
        "13812345678",
        "wang@example.com",
    )
    attachment = request.attachments.get()
    assert attachment.kind == "id_copy" and attachment.name == "身份证.jpg"
    assert attachment.file.path.startswith(settings.PRIVATE_MEDIA_ROOT)
    assert attachment.file.read() == JPEG
    # Nothing under the public media route has it.
    assert client.get(f"{settings.MEDIA_URL}{attachment.file.name}").status_code == 404

    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert request.tracking_code in html and request.reference in html
    assert "确认收到" in html and "20个工作日" in html
    assert "no-store" in receipt["Cache-Control"] or "max-age=0" in receipt["Cache-Control"]
    # Shown once: the code is not kept for whoever uses the browser next.
    assert client.get("/disclosure-requests/received/").status_code == 302


def test_errors_are_listed_in_chinese_beside_their_fields_and_nothing_is_stored(client, agency):
    response = apply(
        client,
        id_number=ID_NUMBER[:-1] + "1",
        phone="",
        email="",
        way="post",
        form="paper",
        information="",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    for text in ("校验码", "通信地址", "联系电话或电子邮箱", "此项必填"):
        assert text in html
    assert 'href="#id_id_number"' in html and 'aria-invalid="true"' in html
    assert not DisclosureRequest.objects.exists()
    # The summary takes the focus (no field does), and lists the fields in the page's order.
    summary = html[html.index('class="error-summary"') - 5 : html.index("</ul>")]
    assert "autofocus" in summary and html.count("autofocus") == 1
    anchors = ["#id_id_number", "#id_address", "#id_information"]
    assert [summary.index(a) for a in anchors] == sorted(summary.index(a) for a in anchors)
    assert "。；" not in html


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "王\x00小\x1b明", "information": "<img src=x onerror=alert(1)>名录\u202e"},
        {"information": "a" * 1_000_000},  # a 1 MB body
        {"information": "名" * 1_000_000},  # 9 MB encoded: refused before it is read
        {"name": "😀" * 30, "information": "🏭" * 3000},
        {"applicant_type": "robot", "id_type": "x" * 500, "agency": "-1", "policy": "abc"},
        {"phone": "１３８\u3000\u00a0", "email": "@" * 400, "id_number": "😀" * 18},
    ],
)
def test_bad_input_never_breaks_the_form(client, agency, fields):
    response = apply(client, **fields)
    assert response.status_code in (200, 302, 400)
    if response.status_code == 302:
        stored = DisclosureRequest.objects.get()
        assert "<" not in stored.information and "\x00" not in stored.name


def test_the_rate_limit_counts_stored_applications_per_address(client, agency, settings):
    cache.clear()
    settings.DISCLOSURE_RATE_LIMIT = "2/min"
    assert apply(client, phone="", email="").status_code == 200  # invalid: does not count
    assert apply(client).status_code == 302
    assert apply(client).status_code == 302
    refused = apply(client)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    page = refused.content.decode()
    assert "<h1>请求过于频繁</h1>" in page and "请稍候一分钟再试。" in page
    assert DisclosureRequest.objects.count() == 2
    cache.clear()


def test_the_captcha_is_asked_when_switched_on(client, agency, settings):
    if not captcha_served():
        pytest.skip("no enabled plugin serves the CAPTCHA's URLs with its CAPTCHA on at start")
    settings.DISCLOSURE_CAPTCHA = True
    assert 'class="captcha-challenge"' in client.get(APPLY).content.decode()
    response = apply(client)
    assert response.status_code == 200 and "验证码" in response.content.decode()
    assert not DisclosureRequest.objects.exists()


def test_the_honeypot_gives_a_receipt_and_stores_nothing(client, agency):
    response = apply(client, website="http://spam.example")
    assert response.status_code == 302 and not DisclosureRequest.objects.exists()


def test_tracking_needs_the_code_and_the_contact(client, make_request, office):
    request = make_request(phone="13812345678", email="Wang@Example.com")
    states.confirm(request, office, received_on=date.today())
    request = reread(request)
    for contact in ("138-1234-5678", "wang@example.com"):
        page = track(client, request.tracking_code.lower(), contact)
        html = page.content.decode()
        assert page.status_code == 200 and "办理中" in html
        assert request.reference in html and request.received_on.strftime("%Y-%m-%d") in html
        assert request.due_on.strftime("%Y-%m-%d") in html
        assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
        # Nothing of who applied: no name, no identity number, no contact.
        for secret in ("王小明", ID_NUMBER, "13812345678", "Wang@Example.com"):
            assert secret not in html.replace(f'value="{contact}"', "")


def _answer(response) -> str:
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'(name="(?:code|contact)"[^>]*?) value="[^"]*"', r"\1", html)


def test_a_wrong_code_or_contact_answers_as_an_unknown_code(client, make_request):
    request = make_request()
    unknown = track(client, "ABCDEFGHJKLMNPQRSTUV", "13812345678")
    wrong_contact = track(client, request.tracking_code, "13900000000")
    wrong_mail = track(client, request.tracking_code, "wang@example.org")
    empty_contact_match = track(client, "ABCDEFGHJKLMNPQRSTUV", "")
    assert unknown.status_code == wrong_contact.status_code == wrong_mail.status_code == 200
    assert "没有找到" in unknown.content.decode()
    assert _answer(unknown) == _answer(wrong_contact) == _answer(wrong_mail)
    assert "没有找到" not in empty_contact_match.content.decode()  # a missing field instead


def test_tracking_is_rate_limited_per_address(client, make_request, settings):
    cache.clear()
    settings.DISCLOSURE_TRACK_RATE_LIMIT = "3/min"
    request = make_request()
    for contact in ("1", "2", "3"):
        assert track(client, request.tracking_code, contact).status_code == 200
    assert track(client, request.tracking_code, "13812345678").status_code == 429
    cache.clear()


def test_a_supplement_answered_online_restarts_the_clock(
    client, make_request, office, time_machine
):
    time_machine.move_to("2026-03-02 09:00 +08:00")
    request = make_request()
    states.confirm(request, office)
    states.ask_supplement(reread(request), office, "请写明所需名录的年份和行业范围。")
    page = track(client, request.tracking_code, "13812345678")
    html = page.content.decode()
    assert "待补正" in html and "计时暂停" in html and "请写明所需名录" in html
    time_machine.move_to("2026-03-09 10:00 +08:00")
    scan = SimpleUploadedFile("补充说明.pdf", PDF, content_type="application/pdf")
    page = track(
        client,
        request.tracking_code,
        "13812345678",
        action="supplement",
        answer="2025年，制造业。",
        attachments=[scan],
    )
    assert page.status_code == 200 and "已收到您的补正" in page.content.decode()
    request = reread(request)
    assert request.state == S.RECEIVED and request.clock_from == date(2026, 3, 9)
    assert request.supplement.answer == "2025年，制造业。"
    assert request.supplement.answered_on == date(2026, 3, 9)
    assert request.due_on == clocks.reply_deadline(date(2026, 3, 9), 20).date
    assert request.attachments.get().kind == "supplement"
    entry = ModelLogEntry.objects.filter(action="disclosure_requests.supplied").get()
    assert entry.user is None  # the applicant
    # Once only: the form is gone, and a crafted second answer is refused.
    again = track(client, request.tracking_code, "13812345678", action="supplement", answer="再补")
    assert 'value="supplement"' not in again.content.decode()
    assert 'role="alert"' in again.content.decode()
    assert reread(request).supplement.answer == "2025年，制造业。"


def test_a_supplement_with_a_bad_file_is_refused(client, make_request, office):
    request = make_request()
    states.confirm(request, office)
    states.ask_supplement(reread(request), office, "请写明年份。")
    bad = SimpleUploadedFile("a.pdf", b"MZ\x90\x00", content_type="application/pdf")
    page = track(
        client,
        request.tracking_code,
        "13812345678",
        action="supplement",
        answer="2025年",
        attachments=[bad],
    )
    assert "不是PDF" in page.content.decode()
    assert reread(request).state == S.SUPPLEMENT


def test_a_supplement_shown_again_asks_for_the_chosen_files_again(client, make_request, office):
    """A try-out: the supplement sent without its text came back with its file input
    empty and no word about the file chosen; it says so as the application form does."""
    note = "请重新选择要上传的文件（出于安全原因，浏览器不会保留已选择的文件）。"
    request = make_request()
    states.confirm(request, office)
    states.ask_supplement(reread(request), office, "请写明年份。")

    def sent(**fields):
        html = track(
            client, request.tracking_code, "13812345678", action="supplement", **fields
        ).content.decode()
        field = re.search(r'<p class="field[^"]*"><label for="id_attachments".*?</p>', html, re.S)
        assert field, html
        return html, field[0]

    scan = SimpleUploadedFile("补充说明.pdf", PDF, content_type="application/pdf")
    html, field = sent(answer="", attachments=[scan])
    assert "补正未提交" in html and note in field
    assert 'aria-describedby="id_attachments_note"' in field
    bad = SimpleUploadedFile("a.pdf", b"MZ\x90\x00", content_type="application/pdf")
    html, field = sent(answer="2025年", attachments=[bad])  # refused after the form's check
    assert "不是PDF" in field and note in field
    # None chosen, none to choose again.
    html, field = sent(answer="")
    assert "补正未提交" in html and note not in html
    request = reread(request)
    assert request.state == S.SUPPLEMENT and not request.supplement.answer
    assert not request.attachments.exists()


def test_the_applicant_withdraws(client, make_request, office):
    request = make_request()
    states.confirm(request, office)
    page = track(client, request.tracking_code, "13812345678", action="withdraw")
    assert reread(request).state == S.RECEIVED  # not confirmed: nothing happens
    assert "此项必填" in page.content.decode()
    page = track(
        client,
        request.tracking_code,
        "13812345678",
        action="withdraw",
        confirm="on",
        reason="已另行获得",
    )
    assert "已撤回" in page.content.decode()
    request = reread(request)
    assert request.state == S.WITHDRAWN and request.outcome == "other"
    assert ModelLogEntry.objects.filter(action="disclosure_requests.withdraw").get().user is None
    # A wrong contact withdraws nothing.
    other = make_request()
    track(client, other.tracking_code, "13900000000", action="withdraw", confirm="on")
    assert reread(other).state == S.SUBMITTED


def _closed(make_request, office, office_head, division, division_staff):
    request = make_request()
    states.confirm(request, office, division=division)
    states.draft(reread(request), division_staff, "disclosed", "现提供所申请信息。")
    states.review(reread(request), office)
    states.approve(reread(request), office_head)
    request = states.send(reread(request), office, "电子邮件")
    letter = request.letter
    letter.file.save("reply.docx", ContentFile(b"PK\x03\x04 the letter"), save=True)
    return reread(request)


def test_the_reply_letter_is_downloaded_only_with_code_and_contact(
    client, make_request, office, office_head, division, division_staff, settings
):
    request = _closed(make_request, office, office_head, division, division_staff)
    page = track(client, request.tracking_code, "13812345678")
    html = page.content.decode()
    assert "已答复" in html and "予以公开" in html and request.letter.number in html
    assert 'action="/disclosure-requests/track/letter/"' in html
    response = client.post(LETTER, {"code": request.tracking_code, "contact": "13812345678"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK\x03\x04 the letter"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert request.letter.file.path.startswith(settings.PRIVATE_MEDIA_ROOT)
    # A wrong contact, a wrong code: the unknown code's answer, and no file.
    for code, contact in (
        (request.tracking_code, "13900000000"),
        ("ABCDEFGHJKLMNPQRSTUV", "13812345678"),
    ):
        refused = client.post(LETTER, {"code": code, "contact": contact})
        assert refused.status_code == 200 and "没有找到" in refused.content.decode()
        assert refused.get("Content-Disposition") is None
    assert client.get(LETTER).status_code == 405  # never a link


def test_no_letter_to_download_before_the_request_is_closed(client, make_request):
    request = make_request()
    response = client.post(LETTER, {"code": request.tracking_code, "contact": "13812345678"})
    assert response.get("Content-Disposition") is None and "待确认" in response.content.decode()


def test_a_document_disclosed_on_request_links_to_the_form_with_itself_named(
    client, publish_policy
):
    on_request = publish_policy(
        "关于某企业经营信息的批复",
        doc_number="测统〔2024〕9号",
        disclosure="on_request",
        disclosure_reason="涉及商业秘密",
    )
    proactive = publish_policy("关于统计工作的通知")
    get = RequestFactory().get("/")
    assert hooks.policy_page_sections(proactive, get) == []
    [section] = hooks.policy_page_sections(on_request, get)
    link = re.search(r'href="([^"]+)"', section).group(1).replace("&amp;", "&")
    assert "申请获取此文件" in section
    form = client.get(link).content.decode()
    assert "《关于某企业经营信息的批复》" in form and "测统〔2024〕9号" in form
    # The id alone (or a forged token) names nothing: a title not on the website stays so.
    assert "企业经营信息" not in client.get(f"{APPLY}?policy={on_request.pk}").content.decode()
    response = apply(client, policy=parse_qs(urlsplit(link).query)["policy"][0])
    assert response.status_code == 302
    assert DisclosureRequest.objects.get().policy_id == on_request.pk


def test_a_radio_group_in_error_names_its_error_from_its_fieldset(client, agency):
    html = apply(client, applicant_type=None, way="x").content.decode()
    for name in ("applicant_type", "way"):
        error_id = f"id_{name}_error"
        start = html.index(f'aria-describedby="{error_id}"')
        fieldset = html[html.rindex("<fieldset", 0, start) : html.index("</fieldset>", start)]
        assert f'id="{error_id}"' in fieldset, fieldset


def test_the_submission_day_is_the_day_in_beijing(client, make_request):
    # 01:30 in Beijing on 4 December is still 3 December in UTC, where the time is stored.
    request = make_request(phone="13812345678")
    DisclosureRequest.objects.filter(pk=request.pk).update(
        submitted_at=datetime(2026, 12, 3, 17, 30, tzinfo=UTC)
    )
    request = reread(request)
    html = track(client, request.tracking_code, "13812345678").content.decode()
    assert "2026-12-04" in html and "2026-12-03" not in html


def test_an_empty_application_marks_every_required_field_at_once(client, agency):
    """The identity number was only said to be required after the choices above it were
    fixed, so an applicant met a new error on the second submission (try-out)."""
    response = client.post("/disclosure-requests/", {"agency": agency.pk})
    html = response.content.decode()
    assert response.status_code == 200 and not DisclosureRequest.objects.exists()
    summary = html[html.index('class="error-summary"') : html.index("</ul>")]
    for field in ("applicant_type", "name", "id_type", "id_number", "information"):
        assert f'href="#id_{field}' in summary, field


def test_a_form_shown_again_asks_for_the_chosen_file_again(client, agency):
    """A browser cannot keep a file input's choice: the form sent back with an error says
    so beside the field, rather than emptying it without a word."""
    note = "请重新选择要上传的文件（出于安全原因，浏览器不会保留已选择的文件）。"
    copy = SimpleUploadedFile("身份证.jpg", JPEG, content_type="image/jpeg")
    response = client.post(APPLY, {**FORM, "information": "", "attachments": [copy]})
    html = response.content.decode()
    assert "此项必填" in html and not DisclosureRequest.objects.exists()
    field = re.search(r'<p class="field[^"]*"><label for="id_attachments".*?</p>', html, re.S)
    assert field and note in field[0], field
    assert 'aria-describedby="id_attachments_helptext id_attachments_note"' in field[0]
    # None chosen, none to choose again.
    assert note not in apply(client, information="").content.decode()
