"""The public's e-mail subscription: confirmed sign-up, policy mails, unsubscribing."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache

from cms.review import bundle as bundles
from plugins.channels.models import MailSubscription

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def topics(make_policy):
    policy = make_policy("关于统计调查的通知")
    policy.topics.add("统计", "就业")
    policy.save_revision().publish()
    return ["统计", "就业"]


def sign_up(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/subscribe/", {"email": "citizen@example.org", **data})


def link_in(message) -> str:
    return re.search(r"http://\S+", message.body)[0].replace("http://testserver", "")


def test_sign_up_stores_nothing_until_the_link_is_confirmed(
    client, topics, django_capture_on_commit_callbacks
):
    page = client.get("/subscribe/")
    assert page.status_code == 200 and 'value="统计"' in page.content.decode()
    response = sign_up(client, django_capture_on_commit_callbacks, topics=["统计"])
    assert response.status_code == 200 and "请查收" in response.content.decode()
    assert not MailSubscription.objects.exists()
    [message] = mail.outbox
    assert message.to == ["citizen@example.org"]
    link = link_in(message)
    # Opening the link (as a mail scanner does) confirms nothing; the button does.
    confirm_page = client.get(link)
    assert (
        confirm_page.status_code == 200 and "citizen@example.org" in confirm_page.content.decode()
    )
    assert not MailSubscription.objects.exists()
    assert client.post(link).status_code == 200
    subscription = MailSubscription.objects.get()
    assert subscription.email == "citizen@example.org" and subscription.signed_up
    assert [t.name for t in subscription.topics.all()] == ["统计"]
    # Confirming again, or signing up again with other topics, keeps one subscription.
    client.post(link)
    assert MailSubscription.objects.count() == 1


def test_policy_mails_carry_a_working_one_click_unsubscribe(
    client, topics, make_policy, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    client.post(link_in(mail.outbox[0]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        policy = make_policy("关于新发布统计制度的通知", live=False)
        policy.save_revision()
        bundles.publish_bundle(policy)
    [message] = mail.outbox
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A mail client's one-click POST: no session, no CSRF token.
    one_click = client.__class__(enforce_csrf_checks=True)
    response = one_click.post(
        url.replace("http://testserver", ""), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not MailSubscription.objects.exists()  # the address is deleted


def test_the_answer_never_tells_who_is_subscribed_and_one_address_gets_one_link(
    client, topics, django_capture_on_commit_callbacks
):
    MailSubscription.objects.create(name="已订阅", email="known@example.org")
    known = sign_up(client, django_capture_on_commit_callbacks, email="known@example.org")
    new = sign_up(client, django_capture_on_commit_callbacks, email="new@example.org")
    assert known.content == new.content.replace(b"new@example.org", b"known@example.org")
    sign_up(client, django_capture_on_commit_callbacks, email="new@example.org")
    assert [m.to for m in mail.outbox] == [["known@example.org"], ["new@example.org"]]


def test_bad_input_is_named_in_chinese_and_robots_get_no_mail(
    client, topics, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, email="不是地址")
    html = response.content.decode()
    # In Chinese throughout, not Django's 输入一个有效的 Email 地址。
    assert response.status_code == 400 and "请输入有效的电子邮件地址。" in html
    assert "Email" not in html
    response = sign_up(client, django_capture_on_commit_callbacks, topics=["没有这个主题"])
    assert response.status_code == 400
    response = sign_up(client, django_capture_on_commit_callbacks, website="http://spam")
    assert response.status_code == 200 and mail.outbox == []


def test_forged_and_expired_links_are_refused(client, topics):
    from plugins.channels.subscribe import CONFIRM_MAX_AGE, confirm_token

    assert client.get("/subscribe/confirm/forged/").status_code == 400
    assert client.post("/subscribe/stop/forged/").status_code == 400
    token = confirm_token("late@example.org", [])
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=CONFIRM_MAX_AGE + 60)):
        response = client.post(f"/subscribe/confirm/{token}/")
    assert response.status_code == 400 and "已过期" in response.content.decode()
    assert not MailSubscription.objects.exists()


def test_sign_ups_are_rate_limited_per_client(client, topics, django_capture_on_commit_callbacks):
    from plugins.channels.subscribe import SIGN_UPS_PER_HOUR

    for n in range(SIGN_UPS_PER_HOUR):
        assert (
            sign_up(
                client, django_capture_on_commit_callbacks, email=f"a{n}@example.org"
            ).status_code
            == 200
        )
    response = sign_up(client, django_capture_on_commit_callbacks, email="late@example.org")
    assert response.status_code == 429 and "一小时" in response.content.decode()
    assert len(mail.outbox) == SIGN_UPS_PER_HOUR


def test_a_topic_is_offered_once_and_matches_policies_under_either_spelling(
    client, publish_policy, django_capture_on_commit_callbacks
):
    """Old imported data files 就業創業 beside 就业创业: one checkbox, in the spelling in
    use, and a subscription to it is mailed policies filed under either spelling."""
    publish_policy("关于就业创业的通知", topics=["就业创业", "创业担保贷款"])
    publish_policy("關於就業創業的通知", topics=["就業創業", "創業擔保貸款"])
    page = client.get("/subscribe/").content.decode()
    assert page.count('value="就业创业"') == 1 and 'value="就業創業"' not in page
    assert page.count('value="创业担保贷款"') == 1 and 'value="創業擔保貸款"' not in page
    sign_up(client, django_capture_on_commit_callbacks, topics=["就业创业"])
    client.post(link_in(mail.outbox[0]))
    subscription = MailSubscription.objects.get()
    assert [t.name for t in subscription.topics.all()] == ["就业创业"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        policy = publish_policy("關於創業補貼的通知", topics=["就業創業"], live=False)
        bundles.publish_bundle(policy)
    # Filed under the old spelling as imported, read back from the database.
    assert list(policy.topics.values_list("name", flat=True)) == ["就業創業"]
    [message] = mail.outbox
    assert message.to == ["citizen@example.org"] and "關於創業補貼的通知" in message.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        other = publish_policy("关于统计的通知", topics=["统计"], live=False)
        bundles.publish_bundle(other)
    assert mail.outbox == []
