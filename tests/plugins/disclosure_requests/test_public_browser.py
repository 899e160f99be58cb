"""In a phone-sized browser: the form's errors are listed and lead to their fields, an
application is sent with an ID copy, and the receipt's code with the contact finds it on
the tracking page. No console error, no breach of the Content Security Policy."""

import os

import pytest

from plugins.disclosure_requests.models import DisclosureRequest
from tests.plugins.disclosure_requests.conftest import ID_NUMBER

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 375, "height": 800}


def test_apply_and_follow_on_a_phone(new_page, screenshots, agency, tmp_path):
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto("/disclosure-requests/")
    page.get_by_role("button", name="提交申请").click()
    summary = page.locator(".error-summary")
    assert "此项必填" in summary.inner_text()
    # The reader starts at the summary, not at a field half-way down.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    page.screenshot(path=os.path.join(screenshots, "disclosure-apply-errors.png"), full_page=True)
    # Nothing is wider than the phone: the form and its radio lists wrap.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    copy = tmp_path / "身份证.png"
    copy.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.get_by_label("自然人").check()
    page.get_by_label("姓名或名称").fill("王小明")
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_label("身份证明复印件").set_input_files(str(copy))
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("所需信息的名称或内容描述").fill("2025年本市规模以上工业企业名录")
    page.get_by_label("电子文件").check()
    page.get_by_label("网站下载").check()
    page.get_by_role("button", name="提交申请").click()

    code = page.locator(".tracking-code").inner_text()
    request = DisclosureRequest.objects.get()
    assert code == request.tracking_code and request.attachments.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=os.path.join(screenshots, "disclosure-receipt.png"), full_page=True)

    page.get_by_role("link", name="查询办理情况").click()
    assert page.get_by_label("查询码").input_value() == code
    page.get_by_label("申请时填写的联系电话或电子邮箱").fill("138 1234 5678")
    page.get_by_role("button", name="查询", exact=True).click()
    assert "已提交，待确认收到" in page.locator(".state").inner_text()
    assert request.reference in page.content()
    page.screenshot(path=os.path.join(screenshots, "disclosure-track.png"), full_page=True)
