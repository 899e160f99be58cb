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
