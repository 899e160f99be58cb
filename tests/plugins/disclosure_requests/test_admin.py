"""The disclosure requests in the admin, driven as the office, its head and the division
drive them: every step through the views, each read back from the database."""

import pytest
from django.core.files.base import ContentFile

from plugins.disclosure_requests import states
from plugins.disclosure_requests.models import Attachment, DisclosureRequest

pytestmark = pytest.mark.django_db
S = DisclosureRequest.State
LIST = "/admin/disclosure-requests/"


def page_of(request):
    return f"{LIST}{request.pk}/"


def step(client, request, action, next_url=None, **fields):
    """Post one step's form as the request page sends it; follow to the next page."""
    data = {"action": action, **{f"{action}-{k}": v for k, v in fields.items()}}
    if next_url:
        data["next"] = next_url
    return client.post(page_of(request), data, follow=True)


def reread(request):
    return DisclosureRequest.objects.get(pk=request.pk)


def text(response):
    return response.content.decode()


def test_the_lifecycle_through_the_admin(
    client, make_request, office, office_head, division, division_staff, time_machine
):
    time_machine.move_to("2026-02-10 09:00 +08:00")
    request = make_request()
    client.force_login(office)
    listing = text(client.get(LIST))
    assert request.reference in listing and "期限待定" in listing
    assert "11010519491231002X" not in listing  # personal data only on the request's page
    # The listing's door: confirm receipt today, back to the listing.
    response = step(client, request, "confirm", next_url=LIST)
    assert response.redirect_chain[-1][0] == LIST
    assert reread(request).state == S.RECEIVED
    assert "剩余 20 个工作日" in text(response)

    page = text(client.get(page_of(request)))
    assert "11010519491231002X" in page and "13812345678" in page
    step(client, request, "assign", division=division.pk)
    assert reread(request).state == S.ASSIGNED and reread(request).division == division

    client.force_login(division_staff)
    assert request.reference in text(client.get(LIST))
    step(
        client,
        request,
        "draft",
        outcome="disclosed",
        text="现向您提供所申请的名录，见附件。",
    )
    assert reread(request).state == S.DRAFTED

    client.force_login(office)
    step(client, request, "review", text="经审查，现向您提供所申请的名录。")
    request = reread(request)
    assert request.state == S.REVIEWED
    assert request.letter.text == "经审查，现向您提供所申请的名录。"

    client.force_login(office_head)
    step(client, request, "approve", text="经审查，现向您提供所申请的名录（共1份）。")
    request = reread(request)
    assert request.state == S.APPROVED and request.letter.number == "测统依申复〔2026〕第1号"

    time_machine.move_to("2026-02-12 09:00 +08:00")
    client.force_login(office)
    step(client, request, "send", way="电子邮件", sent_on="2026-02-11")
    request = reread(request)
    assert request.state == S.CLOSED and request.outcome == "disclosed"
    history = text(client.get(page_of(request)))
    for line in ("确认", "交办", "答复", "送达"):
        assert line in history


def test_confirm_from_the_request_page_with_a_date_and_division(
    client, make_request, office, division, time_machine
):
    time_machine.move_to("2026-02-12 09:00 +08:00")
    request = make_request()
    request.submitted_at = request.submitted_at.replace(day=10)
    request.save()
    client.force_login(office)
    step(client, request, "confirm", received_on="2026-02-11", division=division.pk)
    request = reread(request)
    assert request.state == S.ASSIGNED
    assert str(request.received_on) == "2026-02-11" and request.division == division


def test_an_illegal_step_is_refused_with_a_message_and_changes_nothing(
    client, make_request, office, division_staff, division
):
    request = make_request()
    client.force_login(office)
    response = step(client, request, "send", way="邮寄")
    assert reread(request).state == S.SUBMITTED
    page = text(response)
    assert "待确认" in page and "不能" in page
    # A step the form allows but the rules refuse: the state machine's own message.
    response = step(client, request, "confirm", received_on="2020-01-01")
    assert reread(request).state == S.SUBMITTED
    assert "提交" in text(response)


def test_another_division_gets_404_for_the_request_and_its_files(
    client, make_request, office, outsider, division, division_staff
):
    request = make_request()
    states.confirm(request, office, division=division)
    attachment = Attachment.objects.create(
        request=request, kind="id_copy", name="身份证.pdf", file=ContentFile(b"%PDF", "id.pdf")
    )
    files = f"{page_of(request)}files/{attachment.pk}/"
    client.force_login(division_staff)
    response = client.get(files)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF"
    assert "private" in response["Cache-Control"]
    client.force_login(outsider)
    assert client.get(page_of(request)).status_code == 404
    assert client.get(files).status_code == 404
    assert client.post(page_of(request), {"action": "draft"}).status_code == 404
    assert request.reference not in text(client.get("/admin/"))


def test_a_division_keeps_seeing_a_request_it_gave_up(
    client, make_request, office, outsider, division, division_staff
):
    request = make_request()
    states.confirm(request, office, division=division)
    from cms.models import Division

    other = Division.objects.get(name="办公室")
    states.reassign(reread(request), office, other, "该信息由办公室掌握")
    client.force_login(division_staff)
    page = client.get(page_of(request))
    assert page.status_code == 200
    assert 'value="draft"' not in text(page)  # it reads, it no longer drafts
    client.force_login(outsider)
    assert client.get(page_of(request)).status_code == 200


def test_nobody_else_sees_the_menu_or_a_request(client, make_request, django_user_model, roles):
    request = make_request()
    user = django_user_model.objects.create_user("editor", password="pw")
    user.groups.add(roles["撰稿人"])
    client.force_login(user)
    assert client.get(page_of(request)).status_code == 404
    assert client.get(LIST).status_code in (302, 403)


def test_the_listing_filters_and_puts_overdue_first(
    client, make_request, office, division, time_machine
):
    time_machine.move_to("2026-03-02 09:00 +08:00")
    later = make_request(name="李四")
    states.confirm(later, office, division=division)
    time_machine.move_to("2026-02-02 09:00 +08:00")
    early = make_request(name="张三")
    states.confirm(early, office)
    time_machine.move_to("2026-03-20 09:00 +08:00")
    client.force_login(office)
    listing = text(client.get(LIST))
    assert listing.index("张三") < listing.index("李四")
    assert "逾期" in listing
    overdue = text(client.get(LIST + "?overdue=on"))
    assert "张三" in overdue and "李四" not in overdue
    by_division = text(client.get(f"{LIST}?division={division.pk}"))
    assert "李四" in by_division and "张三" not in by_division
    assert "张三" not in text(client.get(LIST + "?state=assigned"))


def test_the_dashboard_lists_an_overdue_request_first(
    client, make_request, office, division, time_machine
):
    time_machine.move_to("2026-03-02 09:00 +08:00")
    later = make_request(name="李四")
    states.confirm(later, office)
    time_machine.move_to("2026-02-02 09:00 +08:00")
    early = make_request(name="张三")
    states.confirm(early, office)
    time_machine.move_to("2026-03-20 09:00 +08:00")
    client.force_login(office)
    home = text(client.get("/admin/"))
    assert "正在办理的政府信息公开申请" in home
    panel = home[home.index("正在办理的政府信息公开申请") :]
    assert panel.index("张三") < panel.index("李四")
    assert "逾期" in panel


def test_the_side_steps_through_the_request_page(
    client, make_request, office, office_head, division, division_staff, time_machine
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    time_machine.move_to("2026-02-10 09:00 +08:00")
    request = make_request()
    client.force_login(office)
    step(client, request, "confirm")
    step(client, request, "ask_supplement", text="请写明所需名录的年份。")
    assert reread(request).state == S.SUPPLEMENT
    assert "计时暂停" in text(client.get(LIST))
    time_machine.move_to("2026-02-12 09:00 +08:00")
    scan = SimpleUploadedFile("补正.pdf", b"%PDF-1.4", content_type="application/pdf")
    step(client, request, "supplied", answer="2025年", answered_on="2026-02-12", file=scan)
    request = reread(request)
    assert request.state == S.RECEIVED and str(request.clock_from) == "2026-02-12"
    assert request.attachments.get().kind == "supplement"
    step(client, request, "assign", division=division.pk)

    client.force_login(division_staff)
    step(client, request, "consult", party="某某有限公司", note="涉及其经营信息")
    assert reread(request).state == S.THIRD_PARTY
    step(client, request, "consulted", opinion="不同意公开")
    assert reread(request).state == S.ASSIGNED

    client.force_login(office)
    step(client, request, "notify_fee", basis="pages", pages=40)
    assert reread(request).state == S.FEE and reread(request).fee.amount == 100
    step(client, request, "fee_paid")
    assert reread(request).state == S.ASSIGNED

    client.force_login(office_head)
    step(client, request, "extend", days=10, reason="需要汇总多个处室的信息")
    assert reread(request).extended_days == 10

    client.force_login(division_staff)
    step(client, request, "draft", outcome="partly", text="部分公开。", reason="部分涉及商业秘密")
    client.force_login(office)
    step(client, request, "return_reply", note="理由不充分")
    assert reread(request).state == S.ASSIGNED
    response = step(client, request, "withdraw", reason="申请人电话撤回")
    assert reread(request).state == S.WITHDRAWN
    assert "申请人电话撤回" in text(response)


def test_merge_discard_and_a_repeated_request(
    client, make_request, office, division, division_staff
):
    first, second, junk = make_request(), make_request(), make_request(name="测试")
    client.force_login(office)
    page = text(client.get(page_of(second)))
    assert f'<option value="{first.reference}"' in page  # the same applicant's requests
    response = step(client, second, "merge", into="2026-99999")
    assert "找不到编号为 2026-99999 的申请" in text(response)
    assert reread(second).state == S.SUBMITTED
    step(client, second, "merge", into=first.reference)
    assert reread(second).state == S.MERGED and reread(second).merged_into == first
    step(client, junk, "discard", reason="内容为广告")
    assert reread(junk).state == S.DISCARDED

    third = make_request()
    states.confirm(first, office, division=division)
    states.confirm(third, office, division=division)
    client.force_login(division_staff)
    step(
        client,
        third,
        "draft",
        outcome="not_processed_repeat",
        text="您的申请与此前的申请内容相同。",
        earlier_request=first.reference,
    )
    third = reread(third)
    assert third.state == S.DRAFTED and third.earlier_request == first
    assert first.reference in text(client.get(page_of(third)))


def test_the_pages_speak_chinese(
    client, make_request, office, office_head, division, division_staff, time_machine
):
    from tests.e2e.admin_crawl import english_words, read_page

    time_machine.move_to("2026-02-10 09:00 +08:00")
    replied, paying, waiting = make_request(), make_request(), make_request()
    states.confirm(replied, office, division=division)
    states.draft(reread(replied), division_staff, "withheld_third_party", "不予公开。", "涉密")
    states.review(reread(replied), office)
    states.approve(reread(replied), office_head)
    states.confirm(paying, office, division=division)
    states.consult(reread(paying), division_staff, "某公司")
    states.consulted(reread(paying), division_staff, "同意")
    states.notify_fee(reread(paying), office, "pages", 40)
    states.confirm(waiting, office)
    states.ask_supplement(reread(waiting), office, "请补正")
    client.force_login(office_head)
    pages = [LIST, f"{LIST}record/", "/admin/", *(page_of(r) for r in (replied, paying, waiting))]
    for url in pages:
        texts, _links, _menu = read_page(text(client.get(url)))
        users = {"office", "office_head", "division_staff"}  # their names, not the interface
        assert not [w for t in texts for w in english_words(t, users)], url


RECORDED = {
    "channel": "letter",
    "applicant_type": "person",
    "name": "赵六",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13912345678",
    "address": "测试市人民路1号",
    "information": "2025年统计公报的分区数据",
    "form": "paper",
    "way": "post",
}


def test_the_office_records_a_letter_and_confirms_it(
    client, make_request, office, division, time_machine
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    time_machine.move_to("2026-02-12 09:00 +08:00")
    client.force_login(office)
    assert "登记申请" in text(client.get(LIST))
    letter = SimpleUploadedFile("来信.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    response = client.post(
        f"{LIST}record/",
        {
            **RECORDED,
            "arrived_on": "2026-02-10",
            "confirm": "on",
            "division": division.pk,
            "attachments": letter,
        },
        follow=True,
    )
    request = DisclosureRequest.objects.get(name="赵六")
    assert request.recorded_by == office and request.state == S.ASSIGNED
    assert str(request.received_on) == "2026-02-10" and request.division == division
    assert request.attachments.get().name == "来信.pdf"
    page = text(response)
    assert "信函" in page and "2026-02-10" in page
    # The office hands the applicant the code to follow the request online.
    assert f"查询码：{request.tracking_code}" in page
    assert "可能重复" not in page


def test_recording_warns_of_an_open_request_for_the_same_information(
    client, make_request, office, time_machine
):
    time_machine.move_to("2026-02-12 09:00 +08:00")
    # The same person (the same ID number) applied online for the same information.
    online = make_request(
        name="赵六", id_number=RECORDED["id_number"], information="2025年统计公报的分区数据。"
    )
    other = make_request(name="赵六", id_number=RECORDED["id_number"], information="其他信息")
    client.force_login(office)
    response = client.post(f"{LIST}record/", {**RECORDED, "arrived_on": "2026-02-12"}, follow=True)
    page = text(response)
    recorded = DisclosureRequest.objects.get(recorded_by=office)
    assert f"查询码：{recorded.tracking_code}" in page
    warning = page[page.index("可能重复") :].split("<", 1)[0]
    assert online.reference in warning and other.reference not in warning


def test_a_recorded_request_is_checked_as_the_public_form_checks_it(
    client, office, division_staff, time_machine
):
    time_machine.move_to("2026-02-12 09:00 +08:00")
    client.force_login(office)
    bad = {**RECORDED, "arrived_on": "2026-02-12", "id_number": "110105194912310021"}
    response = client.post(f"{LIST}record/", bad)
    assert response.status_code == 200
    assert not DisclosureRequest.objects.exists()
    assert "居民身份证号码无效" in text(response)  # intake's message, as the public reads it
    client.force_login(division_staff)
    assert client.get(f"{LIST}record/").status_code in (302, 403)


def test_reassign_abandon_and_unpaid_through_the_request_page(
    client, make_request, office, division, outsider, time_machine
):
    from cms.models import Division

    other = Division.objects.get(name="办公室")
    time_machine.move_to("2026-03-02 09:00 +08:00")
    moved, silent, unpaid = make_request(), make_request(), make_request()
    client.force_login(office)
    for request in (moved, unpaid):
        step(client, request, "confirm", division=division.pk)
    step(client, moved, "reassign", division=other.pk, reason="由办公室掌握")
    assert reread(moved).division == other
    step(client, silent, "confirm")
    step(client, silent, "ask_supplement", text="请写明年份。")
    step(client, unpaid, "notify_fee", basis="pages", pages=40)
    time_machine.move_to("2026-04-30 09:00 +08:00")  # both periods have run out
    client.force_login(office)  # the session of March has expired
    step(client, silent, "abandon")
    step(client, unpaid, "fee_unpaid")
    assert reread(silent).letter.outcome == "other_unsupplemented"
    assert reread(unpaid).letter.outcome == "other_unpaid"
    assert reread(silent).state == reread(unpaid).state == S.DRAFTED


def test_a_division_member_sees_their_divisions_requests_on_the_dashboard(
    client, make_request, office, division, division_staff, outsider
):
    ours, theirs = make_request(name="张三"), make_request(name="李四")
    states.confirm(ours, office, division=division)
    states.confirm(theirs, office)
    client.force_login(division_staff)
    home = text(client.get("/admin/"))
    assert "正在办理的政府信息公开申请" in home and "张三" in home and "李四" not in home
    assert LIST in home  # the menu item
    client.force_login(outsider)
    home = text(client.get("/admin/"))
    assert "正在办理的政府信息公开申请" not in home and LIST not in home
