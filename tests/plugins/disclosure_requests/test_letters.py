"""The reply letter: rendered from the Word template when the head of the office approves
it, kept in the private storage, and read back with python-docx."""

import io

import pytest
from django.core.files.base import ContentFile
from docx import Document

from cms.models import WordTemplate
from plugins.disclosure_requests import letters, states
from plugins.disclosure_requests.models import DisclosureRequest

pytestmark = pytest.mark.django_db
S = DisclosureRequest.State


def reread(request):
    return DisclosureRequest.objects.get(pk=request.pk)


def words(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def letter_text(request) -> str:
    with reread(request).letter.file.open("rb") as stored:
        return words(stored.read())


@pytest.fixture
def reviewed(make_request, office, division, division_staff, time_machine):
    """A request drafted by the division and reviewed by the office, on 3 March 2026."""

    def make(outcome, text="现答复如下。", **draft):
        time_machine.move_to("2026-02-10 09:00 +08:00")
        request = make_request()
        states.confirm(request, office, division=division)
        time_machine.move_to("2026-03-03 09:00 +08:00")
        states.draft(reread(request), division_staff, outcome, text, **draft)
        states.review(reread(request), office)
        return reread(request)

    return make


def test_the_approved_letter_has_the_facts_the_decision_and_the_remedy(reviewed, office_head):
    request = reviewed("disclosed", "现向您提供所申请的名录。\n名录共3页，见附件。")
    states.approve(request, office_head)
    text = letter_text(request)
    for expected in (
        "测试市统计局",
        "政府信息公开申请答复告知书",
        "〔2026〕第1号",
        "王小明：",
        "2026年2月10日",  # received and submitted
        "2025年本市规模以上工业企业名录",
        "现向您提供所申请的名录。",
        "名录共3页，见附件。",
        "予以公开",
        "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项",
        "60日",
        "行政复议",
        "6个月",
        "行政诉讼",
        "2026年3月3日",
    ):
        assert expected in text, expected
    assert "不予公开的依据" not in text and "负责公开" not in text


def test_a_letter_withholding_names_its_ground_and_reason(reviewed, office_head):
    request = reviewed(
        "withheld_third_party", "经审查，该信息不予公开。", reason="涉及第三方商业秘密。"
    )
    states.approve(request, office_head)
    text = letter_text(request)
    assert "不予公开的依据：保护第三方合法权益" in text
    assert "涉及第三方商业秘密。" in text and "第十五条" in text


def test_a_letter_for_information_held_elsewhere_names_the_responsible_agency(
    reviewed, office_head
):
    request = reviewed(
        "unavailable_not_held",
        "经检索，本机关未制作或获取该信息。",
        responsible_agency="测试市市场监督管理局",
        responsible_contact="0571-12345678",
    )
    states.approve(request, office_head)
    text = letter_text(request)
    assert "测试市市场监督管理局负责公开，联系方式：0571-12345678" in text
    assert "本机关不掌握相关政府信息" in text


def test_letters_are_numbered_per_agency_and_year(reviewed, office_head):
    first, second = reviewed("disclosed"), reviewed("partly", reason="部分涉密。")
    states.approve(first, office_head)
    states.approve(second, office_head)
    assert "〔2026〕第2号" in letter_text(second)
    assert "〔2026〕第1号" in letter_text(first)


def test_a_template_that_cannot_be_rendered_blocks_the_approval(client, reviewed, office_head):
    request = reviewed("disclosed")
    broken = Document()
    broken.add_paragraph("{{ number|no_such_filter }}")
    output = io.BytesIO()
    broken.save(output)
    WordTemplate.objects.create(
        key=letters.KEY, file=ContentFile(output.getvalue(), name="reply.docx")
    )
    client.force_login(office_head)
    response = client.post(
        f"/admin/disclosure-requests/{request.pk}/",
        {"action": "approve", "approve-text": request.letter.text},
        follow=True,
    )
    request = reread(request)
    assert request.state == S.REVIEWED
    assert request.letter.serial is None and not request.letter.file
    assert "Word 模板" in response.content.decode()


def test_the_text_edited_at_approval_is_in_the_letter_and_its_download(
    client, reviewed, office_head, office, division_staff, outsider
):
    request = reviewed("disclosed", "初稿。")
    client.force_login(office_head)
    client.post(
        f"/admin/disclosure-requests/{request.pk}/",
        {"action": "approve", "approve-text": "经审批修改后的答复正文。"},
    )
    assert reread(request).state == S.APPROVED
    assert "经审批修改后的答复正文。" in letter_text(request)
    assert "初稿" not in letter_text(request)
    url = f"/admin/disclosure-requests/{request.pk}/letter/"
    for user in (office, division_staff):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "经审批修改后的答复正文。" in words(b"".join(response.streaming_content))
        assert "private" in response["Cache-Control"]
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_template_is_offered_under_settings(client, django_user_model, db):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    page = client.get("/admin/snippets/cms/wordtemplate/add/").content.decode()
    assert letters.KEY in page


def test_the_letter_is_a4_with_official_margins_and_its_number_has_the_agency_prefix(
    reviewed, office_head, agency
):
    request = reviewed("disclosed")
    states.approve(request, office_head)
    request = reread(request)
    assert request.letter.number == "测统依申复〔2026〕第1号"
    with request.letter.file.open("rb") as stored:
        section = Document(stored).sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    margins = (section.top_margin, section.bottom_margin, section.left_margin)
    assert [round(m.cm, 1) for m in margins] == [3.7, 3.5, 2.8]
    assert round(section.right_margin.cm, 1) == 2.6
    assert "测统依申复〔2026〕第1号" in letter_text(request)
    # Without a short name, the plain number; the numbering stays per agency and year.
    agency.short_name = ""
    agency.save()
    assert reread(request).letter.number == "〔2026〕第1号"


def test_the_letter_tells_the_supplement_the_fee_and_the_named_remedy(
    make_request, office, office_head, division, division_staff, time_machine, settings
):
    settings.DISCLOSURE_REVIEW_BODY = "测试市人民政府"
    settings.DISCLOSURE_COURT = "测试市西湖区人民法院"
    time_machine.move_to("2026-02-10 09:00 +08:00")
    request = make_request()
    states.confirm(request, office)
    states.ask_supplement(reread(request), office, "请说明所需名录的年份。")
    time_machine.move_to("2026-02-12 09:00 +08:00")
    states.supplied(reread(request), None, "2025年。")
    states.assign(reread(request), office, division)
    states.notify_fee(reread(request), office, "pages", 40)
    time_machine.move_to("2026-02-16 09:00 +08:00")
    states.fee_paid(reread(request), office)
    states.draft(reread(request), division_staff, "disclosed", "现向您提供所申请的名录。")
    states.review(reread(request), office)
    states.approve(reread(request), office_head)
    text = letter_text(request)
    assert "2026年2月10日向您发出补正申请通知，于2026年2月12日收到您的补正" in text
    fee = reread(request).fee
    assert f"信息处理费{fee.amount}元，您已于2026年2月16日缴纳" in text
    assert "向测试市人民政府申请行政复议" in text
    assert "向测试市西湖区人民法院提起行政诉讼" in text


def test_without_a_review_body_or_court_the_remedy_is_generic(reviewed, office_head):
    request = reviewed("disclosed")
    states.approve(request, office_head)
    text = letter_text(request)
    assert "60日内依法申请行政复议" in text and "依法向人民法院提起行政诉讼" in text
    assert "补正" not in text and "信息处理费" not in text
