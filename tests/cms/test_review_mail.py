"""Reviewers are mailed at each level of the bundle review, in Chinese (issue 24.10)."""

from tests.conftest import act, submit
from tests.e2e.admin_crawl import english_words

USERNAMES = {"drafter", "admin"}  # the mails name users


def test_each_level_mails_its_reviewers_in_chinese(
    bundle, drafter, reviewers, admin_user, mailoutbox
):
    """Wagtail mailed no reviewer of a bundle step (its notifier listens to TaskState, a
    bundle step is a BundleTaskState); the mail the administrator got was in English."""
    for user in [drafter, *reviewers, admin_user]:
        user.email = f"{user.username}@example.invalid"
        user.save()
    policy, _ = bundle

    submit(policy, drafter)
    for level, reviewer in enumerate(reviewers, start=1):
        mine = [m for m in mailoutbox if m.to == [reviewer.email]]
        assert len(mine) == 1, f"level {level} was mailed {len(mine)} times"
        assert "关于规范统计调查的办法" in mine[0].subject
        assert not any(m.to == [drafter.email] for m in mailoutbox if "审批" in m.subject)
        for mail in mailoutbox:
            assert not english_words(mail.subject, USERNAMES), mail.subject
            assert not english_words(mail.body, USERNAMES), mail.body
        mailoutbox.clear()
        act(policy, reviewer)


def test_sending_back_from_the_editor_mails_the_drafter_only(
    client, bundle, drafter, reviewers, admin_user, mailoutbox
):
    """The leader's 退回 from the editor (form unchanged) was followed by a "submitted"
    mail: it must end the review with the rejection mail, and start no level again."""
    from wagtail.test.utils.form_data import rich_text

    from tests.conftest import policy_form

    for user in [drafter, *reviewers, admin_user]:
        user.email = f"{user.username}@example.invalid"
        user.save()
    policy, _ = bundle
    submit(policy, drafter)
    for reviewer in reviewers[:3]:
        act(policy, reviewer)
    mailoutbox.clear()

    client.force_login(reviewers[3])
    policy = type(policy).objects.get(pk=policy.pk)
    action = {
        "action-workflow-action": "1",
        "workflow-action-name": "reject",
        "workflow-action-extra-data": '{"comment": "请补充依据"}',
    }
    client.post(
        f"/admin/pages/{policy.pk}/edit/", policy_form(policy, body=rich_text(""), **action)
    )

    state = type(policy).objects.get(pk=policy.pk).workflow_states.order_by("-pk").first()
    assert state.status == "needs_changes"
    assert [m.to for m in mailoutbox] == [[drafter.email]]
    assert "关于规范统计调查的办法" in mailoutbox[0].subject
    assert not english_words(mailoutbox[0].subject + mailoutbox[0].body, USERNAMES)
