"""A disclosure request's whole way in headless Chromium, as its people do it: a citizen
applies online (desktop), the office confirms receipt and assigns the division, a member
of the division drafts a partial disclosure, the office passes the legality review, its
head approves (the letter gets its number), the office records the service, and the
citizen, on a phone, follows the request with code and contact and downloads the letter,
which python-docx reads back. A wrong contact answers exactly as an unknown code does."""

import os

import pytest
from docx import Document

from tests.e2e.test_bundle_browser import login
from tests.plugins.disclosure_requests.conftest import ID_NUMBER

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 390, "height": 844}
INFORMATION = "2025年本市规模以上工业企业名录及各企业从业人员数"
REPLY = "现将2025年本市规模以上工业企业名录提供给您。"
REASON = "各企业从业人员数属于能够识别单个统计调查对象的资料，依照统计法的规定不予公开。"


def act(page, action, **fields):
    """Open the step on the request page, fill its form (the fields are prefixed by the
    action) and send it; return the page's message."""
    step = page.locator(f"details:has(input[name=action][value={action}])")
    if step.get_attribute("open") is None:  # the first step is open, the others folded
        step.locator("summary").click()
    form = step.locator("form")
    for name, value in fields.items():
        field = form.locator(f"[name={action}-{name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    with page.expect_navigation():
        form.locator(f"button[name=submit-{action}]").click()
    return page.locator(".messages").inner_text()


def docx_text(path) -> str:
    """Every paragraph of the Word file, and every cell of its tables."""
    document = Document(path)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def look_up(page, code, contact):
    page.get_by_label("查询码").fill(code)
    page.get_by_label("申请时填写的联系电话或电子邮箱").fill(contact)
    with page.expect_navigation():
        page.get_by_role("button", name="查询", exact=True).click()


def test_apply_handle_approve_and_download_the_letter(
    new_page, screenshots, settings, agency, division, office, office_head, division_staff
):
    from captcha.models import CaptchaStore

    from plugins.disclosure_requests.models import DisclosureRequest

    settings.DISCLOSURE_CAPTCHA = True

    # The citizen applies at a desktop's width.
    citizen = new_page()
    citizen.goto("/disclosure-requests/")
    citizen.get_by_label("自然人").check()
    citizen.get_by_label("姓名或名称").fill("李文华")
    citizen.get_by_label("证件号码").fill(ID_NUMBER)
    citizen.get_by_label("联系电话").fill("13912345678")
    citizen.get_by_label("电子邮箱").fill("liwh@example.com")
    citizen.get_by_label("所需信息的名称或内容描述").fill(INFORMATION)
    citizen.get_by_label("电子文件").check()
    citizen.get_by_label("网站下载").check()
    citizen.wait_for_function("document.querySelector('[name=captcha_0]').value !== ''")
    key = citizen.input_value("[name=captcha_0]")
    citizen.fill("[name=captcha_1]", CaptchaStore.objects.get(hashkey=key).response)
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="提交申请").click()
    code = citizen.locator(".tracking-code").inner_text().strip()
    request = DisclosureRequest.objects.get()
    assert code == request.tracking_code and len(code) >= 20
    assert request.state == "submitted" and request.phone == "13912345678"
    citizen.screenshot(path=os.path.join(screenshots, "disclosure-e2e-receipt.png"), full_page=True)

    # The office opens 依申请公开 from the menu, confirms receipt and assigns the division.
    clerk = new_page()
    login(clerk, "office")
    with clerk.expect_navigation():
        clerk.get_by_role("link", name="依申请公开", exact=True).first.click()
    assert "李文华" in clerk.locator("table.listing").inner_text()
    with clerk.expect_navigation():
        clerk.get_by_role("link", name=request.reference).click()
    assert ID_NUMBER in clerk.content()  # the office sees the applicant
    assert "已完成" in act(clerk, "confirm", division=str(division))
    request.refresh_from_db()
    assert (request.state, request.division) == ("assigned", division)
    assert request.received_on is not None and request.due_on is not None

    # A member of the division drafts a partial disclosure with its reason.
    drafter = new_page()
    login(drafter, "division_staff")
    drafter.goto(f"/admin/disclosure-requests/{request.pk}/")
    message = act(drafter, "draft", outcome="部分公开", text=REPLY, reason=REASON)
    assert "已完成" in message, message
    request.refresh_from_db()
    assert request.state == "drafted" and request.letter.outcome == "partly"
    drafter.screenshot(path=os.path.join(screenshots, "disclosure-e2e-drafted.png"), full_page=True)

    # The office passes the legality review; its head approves and the letter is numbered.
    clerk.reload()
    assert "已完成" in act(clerk, "review")
    head = new_page()
    login(head, "office_head")
    head.goto(f"/admin/disclosure-requests/{request.pk}/")
    assert "已完成" in act(head, "approve")
    request.refresh_from_db()
    number = request.letter.number
    assert request.state == "approved" and "〔" in number and request.letter.file
    assert number in head.locator("main").inner_text()

    # The office records the service.
    clerk.reload()
    assert "已完成" in act(clerk, "send", way="网站下载")
    request.refresh_from_db()
    assert request.state == "closed" and request.letter.sent_on is not None
    clerk.screenshot(path=os.path.join(screenshots, "disclosure-e2e-served.png"), full_page=True)

    # The citizen, on a phone, follows the request and downloads the letter.
    phone = new_page()
    phone.set_viewport_size(PHONE)
    phone.goto("/disclosure-requests/track/")
    look_up(phone, code.lower(), "139 1234 5678")
    tracked = phone.locator(".tracked").inner_text()
    assert phone.locator(".state").inner_text() == "已答复"
    assert request.reference in tracked and number in tracked and "部分公开" in tracked
    assert "李文华" not in tracked and ID_NUMBER not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=os.path.join(screenshots, "disclosure-e2e-tracked.png"), full_page=True)
    with phone.expect_download() as download:
        phone.get_by_role("button", name="下载答复告知书").click()
    assert download.value.suggested_filename.endswith(".docx")
    letter = docx_text(download.value.path())
    for expected in (
        number,
        "李文华",
        INFORMATION,
        REPLY,
        REASON,
        "部分公开",
        "第三十七条",
        "60日内依法申请行政复议",
        "6个月内依法向人民法院提起行政诉讼",
    ):
        assert expected in letter, expected

    # A wrong contact is answered exactly as an unknown code.
    look_up(phone, code, "13900000000")
    wrong_contact = phone.locator("main").inner_text()
    assert not phone.locator(".tracked").count()
    look_up(phone, "A" * len(code), "13912345678")
    unknown_code = phone.locator("main").inner_text()
    assert wrong_contact == unknown_code
    assert "没有找到与此查询码和联系方式相符的申请。" in unknown_code
    phone.screenshot(path=os.path.join(screenshots, "disclosure-e2e-unknown.png"), full_page=True)
