"""A consultation's whole round in headless Chromium: a citizen comments on 第三条, the
drafting division answers after the close, its head approves and publishes the feedback,
and the citizen reads it on the consultation's page and from the final policy's notice."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.test_bundle_browser import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def step(page, action, button=None):
    """Press the button of the inbox's form for ``action``; wait for the page it leads to."""
    form = page.locator(f"form:has(input[name=action][value={action}])").first
    with page.expect_navigation():
        (button or form.locator("button[type=submit]").first).click()


def test_a_comment_on_clause_three_is_answered_and_the_feedback_shows_it(
    new_page, make_consultation, division, roles, django_user_model, publish_policy, screenshots
):
    from cms.plugin_api import Role
    from plugins.consultation.models import Comment, ConsultationPage

    consultation = make_consultation()
    third = consultation.current_clauses()[2]
    for username, role in [("c_drafter", Role.DRAFTER), ("c_head", Role.DIVISION_HEAD)]:
        user = django_user_model.objects.create_user(username, password="pw")
        user.groups.add(roles[role])
        division.members.add(user)

    citizen = new_page()
    citizen.goto(f"{consultation.url}?clause={third.anchor}#comment")
    citizen.fill("#id_body", "第三条应当写明提供统计资料的时限。")
    citizen.fill("#id_name", "李四")
    with citizen.expect_navigation():
        citizen.click("form.comment-form button[type=submit]")
    comment = Comment.objects.get()
    assert comment.clause_id == third.pk and comment.name == "李四"

    # The period ends.
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    inbox = f"/admin/consultations/{consultation.pk}/"
    drafter = new_page()
    login(drafter, "c_drafter")
    drafter.goto("/admin/consultations/")
    drafter.click(f"a[href='{inbox}']")
    drafter.check(f"input[name=comments][value='{comment.pk}']")
    drafter.check("input[name=answer-kind][value=adopted]")
    answer = drafter.locator("form:has(input[name=action][value=answer]) button.button").last
    step(drafter, "answer", answer)
    step(drafter, "submit")
    assert "待审核" in drafter.inner_text(".consultation-answer")

    head = new_page()
    login(head, "c_head")
    head.goto(inbox)
    step(head, "approve")
    step(head, "publish")
    head.screenshot(path=os.path.join(screenshots, "consultation-inbox.png"), full_page=True)

    citizen.goto(consultation.url)
    feedback = citizen.inner_text("#feedback")
    assert "第三条应当写明提供统计资料的时限。" in feedback and "采纳" in feedback
    assert "李四" not in citizen.content()

    policy = publish_policy("统计调查项目管理办法")
    ConsultationPage.objects.filter(pk=consultation.pk).update(final_policy=policy)
    citizen.goto(policy.url)
    notice = citizen.locator(".policy-note-consultation")
    assert "共收到意见 1 条，采纳 1 条" in notice.inner_text()
    with citizen.expect_navigation():
        notice.locator("a").click()
    assert citizen.url.endswith(f"{consultation.url}#feedback")
    citizen.screenshot(path=os.path.join(screenshots, "consultation-feedback.png"), full_page=True)
