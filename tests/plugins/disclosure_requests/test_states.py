"""The handling state machine: each step's rules, the clock it sets, and the steps it
refuses, read back from the database and the audit log."""

from datetime import date

import pytest
from wagtail.models import ModelLogEntry

from plugins.disclosure_requests import states
from plugins.disclosure_requests.models import DisclosureRequest
from plugins.disclosure_requests.states import TransitionError

pytestmark = pytest.mark.django_db
S = DisclosureRequest.State


def reread(request):
    return DisclosureRequest.objects.get(pk=request.pk)


def test_the_whole_way_from_submission_to_service(
    make_request, office, office_head, division, division_staff, time_machine
):
    time_machine.move_to("2026-02-10 09:00 +08:00")
    request = make_request()
    states.confirm(request, office)
    request = reread(request)
    assert (request.state, request.received_on, request.due_on) == (
        S.RECEIVED,
        date(2026, 2, 10),
        date(2026, 3, 16),
    )
    states.assign(request, office, division)
    request = reread(request)
    assert request.state == S.ASSIGNED and request.division == division
    # The division's own deadline: 10 working days from assignment, 调休 Saturday counted.
    assert request.division_due_on == date(2026, 3, 2)
    time_machine.move_to("2026-03-03 09:00 +08:00")
    states.draft(request, division_staff, "disclosed", "现提供所申请信息，见附件。")
    states.review(request, office)
    states.approve(request, office_head)
    states.send(request, office, "电子邮件")
    request = reread(request)
    assert request.state == S.CLOSED
    # The last deadline is kept: the reply came in time.
    assert (request.outcome, request.closed_on, request.due_on) == (
        "disclosed",
        date(2026, 3, 3),
        date(2026, 3, 16),
    )
    assert request.letter.number == "测统依申复〔2026〕第1号"
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(request.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        f"disclosure_requests.{step}"
        for step in ("confirm", "assign", "draft", "review", "approve", "send")
    ]


def test_illegal_steps_are_refused_and_change_nothing(
    make_request, office, division_staff, outsider, division
):
    request = make_request()
    with pytest.raises(TransitionError, match="不能执行"):
        states.draft(request, office, "disclosed", "文本")
    with pytest.raises(TransitionError):
        states.confirm(request, division_staff)  # not the office
    states.confirm(request, office, division=division)
    with pytest.raises(TransitionError):
        states.draft(reread(request), outsider, "disclosed", "文本")  # another division
    with pytest.raises(TransitionError):
        states.send(reread(request), office, "邮寄")
    with pytest.raises(TransitionError):
        states.approve(reread(request), office)  # not the head, and not reviewed
    assert reread(request).state == S.ASSIGNED
    assert not hasattr(reread(request), "letter")


def test_a_supplement_restarts_the_clock_once(make_request, office, time_machine):
    time_machine.move_to("2026-02-10 09:00 +08:00")
    request = make_request()
    states.confirm(request, office)
    time_machine.move_to("2026-02-12 09:00 +08:00")
    states.ask_supplement(reread(request), office, "请写明所需信息的文号或年份。")
    request = reread(request)
    assert (request.state, request.due_on) == (S.SUPPLEMENT, None)
    with pytest.raises(TransitionError):
        states.ask_supplement(request, office, "again")
    time_machine.move_to("2026-03-02 09:00 +08:00")
    states.supplied(request, None, "文号为某统字〔2025〕3号。")
    request = reread(request)
    assert request.state == S.RECEIVED and request.clock_from == date(2026, 3, 2)
    assert request.due_on == date(2026, 3, 30)  # a full 20 working days from the supplement
    with pytest.raises(TransitionError, match="只能告知一次"):
        states.ask_supplement(request, office, "once more")


def test_a_supplement_is_asked_within_seven_working_days(make_request, office, time_machine):
    time_machine.move_to("2026-02-10 09:00 +08:00")
    request = make_request()
    states.confirm(request, office)
    # 11, 12, 13, Sat 14 Feb (调休), 24, 25, 26 Feb: the 7th working day is 26 February.
    time_machine.move_to("2026-02-27 09:00 +08:00")
    with pytest.raises(TransitionError, match="2026-02-26"):
        states.ask_supplement(reread(request), office, "请补正")


def test_no_supplement_in_time_is_abandoned(make_request, office, office_head, time_machine):
    time_machine.move_to("2026-03-02 09:00 +08:00")
    request = make_request()
    states.confirm(request, office)
    states.ask_supplement(reread(request), office, "请补正")
    with pytest.raises(TransitionError):
        states.abandon(reread(request), office)  # the period still runs
    time_machine.move_to("2026-04-01 09:00 +08:00")
    states.abandon(reread(request), office)
    states.review(reread(request), office)
    states.approve(reread(request), office_head)
    states.send(reread(request), office, "邮寄")
    assert reread(request).outcome == "other_unsupplemented"


def test_third_party_and_fee_pause_the_clock(
    make_request, office, division, division_staff, time_machine
):
    time_machine.move_to("2026-03-02 09:00 +08:00")
    request = make_request()
    states.confirm(request, office, division=division)
    assert reread(request).due_on == date(2026, 3, 30)
    time_machine.move_to("2026-03-03 09:00 +08:00")
    states.consult(reread(request), division_staff, "某科技有限公司")
    assert reread(request).due_on is None  # paused
    time_machine.move_to("2026-03-13 09:00 +08:00")
    states.consulted(reread(request), division_staff, "不同意公开其经营数据。")
    assert reread(request).due_on == date(2026, 4, 10)
    states.notify_fee(reread(request), office, "pages", pages=120)
    request = reread(request)
    assert (request.state, request.due_on, request.fee.amount) == (S.FEE, None, 1100)
    time_machine.move_to("2026-03-20 09:00 +08:00")
    states.fee_paid(request, office)
    # 5 more working days (16-20 March) not counted.
    assert reread(request).due_on == date(2026, 4, 17)


def test_one_extension_approved_by_the_head_before_the_deadline(
    make_request, office, office_head, division, time_machine
):
    time_machine.move_to("2026-03-02 09:00 +08:00")
    request = make_request()
    states.confirm(request, office, division=division)
    with pytest.raises(TransitionError):
        states.extend(reread(request), office, 10, "涉及多个处室")  # not the head
    with pytest.raises(TransitionError, match="20"):
        states.extend(reread(request), office_head, 21, "涉及多个处室")
    states.extend(reread(request), office_head, 20, "涉及多个处室")
    assert reread(request).due_on == date(2026, 4, 28)
    with pytest.raises(TransitionError):
        states.extend(reread(request), office_head, 5, "again")
    late = make_request()
    states.confirm(late, office, division=division)
    time_machine.move_to("2026-04-01 09:00 +08:00")
    with pytest.raises(TransitionError, match="2026-03-30"):
        states.extend(reread(late), office_head, 5, "太晚")


def test_a_repeat_names_the_earlier_request_and_withholding_needs_a_reason(
    make_request, office, division, division_staff
):
    earlier = make_request()
    request = make_request()
    states.confirm(request, office, division=division)
    with pytest.raises(TransitionError):
        states.draft(reread(request), division_staff, "not_processed_repeat", "重复申请")
    with pytest.raises(TransitionError):
        states.draft(reread(request), division_staff, "withheld_process", "不予公开")
    with pytest.raises(TransitionError):
        states.draft(reread(request), division_staff, "other_unpaid", "不能选")
    states.draft(
        reread(request), division_staff, "not_processed_repeat", "重复申请", earlier_request=earlier
    )
    assert reread(request).earlier_request == earlier


def test_letters_are_numbered_per_agency_and_year(
    make_request, office, office_head, division, division_staff
):
    numbers = []
    for _ in range(2):
        request = make_request()
        states.confirm(request, office, division=division)
        states.draft(
            reread(request), division_staff, "unavailable_not_held", "经检索，本机关未制作。"
        )
        states.review(reread(request), office)
        states.approve(reread(request), office_head)
        numbers.append(reread(request).letter.serial)
    assert numbers == [1, 2]


def test_withdrawn_merged_and_discarded(make_request, office):
    received = make_request()
    states.confirm(received, office)
    states.withdraw(reread(received), None, "已通过其他途径获取")
    received = reread(received)
    assert (received.state, received.outcome) == (S.WITHDRAWN, "other")
    first, copy = make_request(), make_request()
    states.merge(copy, office, first)
    assert reread(copy).state == S.MERGED and reread(copy).merged_into == first
    stranger = make_request(id_number="110105194912310038", name="李四")
    with pytest.raises(TransitionError):
        states.merge(stranger, office, first)
    states.discard(stranger, office, "空白申请")
    assert reread(stranger).state == S.DISCARDED
    with pytest.raises(TransitionError):
        states.confirm(reread(stranger), None)


def test_personal_data_is_encrypted_at_rest(make_request):
    from django.db import connection

    request = make_request()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, email FROM disclosure_requests_disclosurerequest"
            " WHERE id = %s",
            [request.pk],
        )
        stored = cursor.fetchone()
    assert all(value and "13812345678" not in value and "1101" not in value for value in stored)
    assert reread(request).id_number == "11010519491231002X"


def test_a_division_that_gave_a_request_up_still_reads_it(
    make_request, office, division, division_staff, outsider
):
    from cms.models import Division
    from plugins.disclosure_requests import access

    request = make_request()
    states.confirm(request, office, division=division)
    other = Division.objects.get(name="办公室")  # the outsider's division
    states.reassign(reread(request), office, other, "信息由办公室掌握")
    request = reread(request)
    assert list(request.former_divisions.all()) == [division]
    # The former division reads it (and may be asked about its part) but no longer drafts.
    assert access.may_see(division_staff, request)
    assert request in access.visible_requests(division_staff)
    assert access.may_see(outsider, request)
    assert "draft" not in states.allowed_actions(request, division_staff)
    assert "draft" in states.allowed_actions(request, outsider)
    division.name = "综合统计处（更名）"  # a renamed division keeps its requests
    division.save()
    assert access.may_see(division_staff, reread(request))
