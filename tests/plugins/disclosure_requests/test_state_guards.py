"""What the outside tester found the state machine let through: a division deadline after
the reply's, one person reviewing and approving, steps offered that can only fail, a
refusal blaming the state for a missing right, and closed requests losing their deadline."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from plugins.disclosure_requests import states
from plugins.disclosure_requests.models import DisclosureRequest
from plugins.disclosure_requests.overview import clock_of
from plugins.disclosure_requests.states import TransitionError

pytestmark = pytest.mark.django_db
S = DisclosureRequest.State


def reread(request):
    return DisclosureRequest.objects.get(pk=request.pk)


def test_a_division_deadline_after_the_reply_deadline_is_refused(
    make_request, office, division, agency, time_machine
):
    from cms.models import Division

    time_machine.move_to("2026-02-10 09:00 +08:00")
    request = make_request()
    states.confirm(request, office)
    assert reread(request).due_on == date(2026, 3, 16)
    with pytest.raises(TransitionError, match="处室办理期限不能晚于答复期限 2026-03-16"):
        states.assign(reread(request), office, division, due_on=date(2026, 3, 17))
    assert (reread(request).state, reread(request).division) == (S.RECEIVED, None)
    states.assign(reread(request), office, division, due_on=date(2026, 3, 16))
    assert reread(request).division_due_on == date(2026, 3, 16)
    other = Division.objects.create(agency=agency, name="法规处")
    with pytest.raises(TransitionError, match="2026-03-16"):
        states.reassign(reread(request), office, other, "不属本处", due_on=date(2026, 4, 1))
    assert reread(request).division == division
    # Without a day given, the division's own working days, never after the reply's.
    states.reassign(reread(request), office, other, "不属本处")
    assert reread(request).division_due_on == date(2026, 3, 2)


def test_the_reviewer_may_not_approve_the_same_reply(
    make_request, office, office_head, division, division_staff, django_user_model
):
    request = make_request()
    states.confirm(request, office, division=division)
    states.draft(reread(request), division_staff, "disclosed", "现提供所申请信息。")
    states.review(reread(request), office_head)  # the head may review, as the office does
    request = reread(request)
    assert "approve" not in states.allowed_actions(request, office_head)
    with pytest.raises(TransitionError, match="合法性审查"):
        states.approve(request, office_head)
    assert reread(request).state == S.REVIEWED
    deputy = django_user_model.objects.create_user("deputy_head", password="pw")
    deputy.groups.add(Group.objects.get(name="政府信息公开办公室负责人"))
    assert "approve" in states.allowed_actions(request, deputy)
    states.approve(request, deputy)
    assert reread(request).state == S.APPROVED


def test_steps_that_can_only_fail_are_not_offered(
    make_request, office, office_head, division, division_staff, time_machine
):
    time_machine.move_to("2026-03-02 09:00 +08:00")
    request = make_request()
    states.confirm(request, office)
    assert "ask_supplement" in states.allowed_actions(reread(request), office)
    states.ask_supplement(reread(request), office, "请补正")
    offered = states.allowed_actions(reread(request), office)
    assert "supplied" in offered and "abandon" not in offered  # the period still runs
    states.supplied(reread(request), office, "补正内容")
    request = reread(request)
    assert request.state == S.RECEIVED
    assert "ask_supplement" not in states.allowed_actions(request, office)  # once only

    states.assign(request, office, division)
    head_offers = states.allowed_actions(reread(request), office_head)
    assert "extend" in head_offers
    states.extend(reread(request), office_head, 5, "涉及多个处室")
    assert "extend" not in states.allowed_actions(reread(request), office_head)

    states.notify_fee(reread(request), office, "pages", pages=120)
    offered = states.allowed_actions(reread(request), office)
    assert "fee_paid" in offered and "fee_unpaid" not in offered
    time_machine.move_to("2026-05-06 09:00 +08:00")
    assert "fee_unpaid" in states.allowed_actions(reread(request), office)

    # Out of time for a supplement: not offered, and the step says why.
    late = make_request()
    states.confirm(late, office)
    time_machine.move_to("2026-06-01 09:00 +08:00")
    assert "ask_supplement" not in states.allowed_actions(reread(late), office)
    with pytest.raises(TransitionError, match="补正"):
        states.ask_supplement(reread(late), office, "请补正")


def test_a_step_without_the_right_is_refused_as_such(
    client, make_request, office, division, division_staff
):
    request = make_request()
    states.confirm(request, office, division=division)
    client.force_login(division_staff)
    response = client.post(
        f"/admin/disclosure-requests/{request.pk}/",
        {"action": "assign", "assign-division": division.pk},
        follow=True,
    )
    page = response.content.decode()
    assert "您无权对此申请执行" in page and "不能执行" not in page
    assert reread(request).state == S.ASSIGNED


def test_a_closed_request_keeps_its_deadline_and_says_if_it_was_late(
    make_request, office, office_head, division, division_staff, time_machine, client
):
    time_machine.move_to("2026-02-10 09:00 +08:00")
    on_time, late, withdrawn = make_request(), make_request(), make_request()
    for request in (on_time, late, withdrawn):
        states.confirm(request, office, division=division)
        states.draft(reread(request), division_staff, "disclosed", "现提供所申请信息。")
        states.review(reread(request), office)
        states.approve(reread(request), office_head)
    states.send(reread(on_time), office, "邮寄")
    states.withdraw(reread(withdrawn), None)
    assert reread(withdrawn).due_on == date(2026, 3, 16)
    time_machine.move_to("2026-03-18 09:00 +08:00")
    states.send(reread(late), office, "邮寄")
    late = reread(late)
    assert (late.state, late.due_on, late.closed_on) == (
        S.CLOSED,
        date(2026, 3, 16),
        date(2026, 3, 18),
    )
    assert clock_of(reread(on_time)).text == "按期办结"
    assert clock_of(late).text == "逾期 2 个工作日办结"
    client.force_login(office)
    assert (
        "逾期 2 个工作日办结"
        in client.get(f"/admin/disclosure-requests/{late.pk}/").content.decode()
    )
    listing = client.get("/admin/disclosure-requests/?state=all").content.decode()
    assert "按期办结" in listing and "逾期 2 个工作日办结" in listing
