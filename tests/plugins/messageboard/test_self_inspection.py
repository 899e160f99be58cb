"""The message board's indicator of the self-inspection (网站自查, issue 30 item 7):
a valid message unanswered past its deadline is a warning, past three months a veto
risk mailed to the editorial director once; answered and published, ok again. Read
through Reports → 网站自查, the ops API and the daily task's mail."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import translation
from wagtail.models import Site

from cms.tasks import self_inspection
from plugins.messageboard import states
from plugins.messageboard.inspection import unanswered
from plugins.messageboard.models import Message

pytestmark = pytest.mark.django_db
TOKEN = "ops-token-for-tests-0123456789"


def row(client, user) -> tuple[str, str]:
    client.force_login(user)
    html = client.get("/admin/reports/self-inspection/").content.decode()
    match = re.search(
        r'data-key="messageboard.unanswered" data-status="(\w+)">(.*?)</tr>', html, re.S
    )
    return match.group(1), match.group(2)


def test_unanswered_messages_past_the_deadline_and_past_three_months(
    board_policy, post_message, moderator, staff, head, client, time_machine, settings,
    django_user_model,
):  # fmt: skip
    settings.OPS_API_TOKEN = TOKEN
    director = django_user_model.objects.create_user("director", email="director@example.org")
    director.groups.add(Group.objects.get(name="编辑部主任"))
    time_machine.move_to("2026-03-02 09:00 +08:00")  # Monday
    code = post_message(policy=board_policy.pk, subject="报送时间")["tracking_code"]
    message = states.accept(Message.objects.get(tracking_code=code), moderator)
    assert row(client, moderator)[0] == "ok"

    time_machine.move_to("2026-03-10 09:00 +08:00")  # due on the 9th
    status, text = row(client, moderator)
    assert status == "warning" and "报送时间" in text and "2026-03-09 到期" in text
    assert f"/admin/messages/{message.pk}/" in text

    time_machine.move_to("2026-06-01 07:00 +08:00")  # 91 days after it arrived
    status, text = row(client, moderator)
    assert status == "veto" and "超过 90 天未答复" in text
    # Its words are translated, not written in Chinese: in English, only the data is.
    with translation.override("en"):
        indicator = unanswered(Site.objects.get(is_default_site=True))
    words = [indicator.title, indicator.summary, indicator.rule]
    words += [e.label.replace("报送时间", "") for e in indicator.evidence]
    assert not [w for w in words if re.search(r"[\u4e00-\u9fff]", w)], words
    client.logout()
    answer = client.get("/api/v1/ops/self-inspection", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").json()
    [site] = answer["sites"]
    [indicator] = [i for i in site["indicators"] if i["key"] == "messageboard.unanswered"]
    assert indicator["status"] == "veto" and indicator["evidence"][0]["status"] == "veto"
    mail.outbox.clear()
    self_inspection.delay().get()
    [sent] = [m for m in mail.outbox if "网站自查" in m.subject]
    assert sent.to == ["director@example.org"] and "留言答复" in sent.body
    self_inspection.delay().get()
    assert len([m for m in mail.outbox if "网站自查" in m.subject]) == 1

    # Answered and approved: published, no longer waiting.
    states.answer(Message.objects.get(pk=message.pk), staff, "每年3月31日前报送。")
    states.approve(Message.objects.get(pk=message.pk), head)
    assert Message.objects.get(pk=message.pk).state == Message.State.PUBLISHED
    assert row(client, moderator)[0] == "ok"
