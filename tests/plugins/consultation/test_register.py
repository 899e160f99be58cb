"""登记来信意见: a comment received by e-mail or post, registered in the inbox by the
drafting division or a moderator, is counted, answered and published like one from the form."""

from datetime import timedelta

from django.utils import timezone

from plugins.consultation import handling
from plugins.consultation.models import Comment


def test_a_letter_is_registered_then_counted_answered_and_published(
    client, make_consultation, staff
):
    now = timezone.now()
    consultation = make_consultation(
        opens_at=now - timedelta(days=31), closes_at=now - timedelta(days=1)
    )
    clause3 = consultation.current_clauses()[2]
    url = f"/admin/consultations/{consultation.pk}/"
    form = {
        "action": "register",
        "register-channel": "post",
        "register-received_on": timezone.localdate(now - timedelta(days=3)).isoformat(),
        "register-clause": clause3.pk,
        "register-body": "来信建议：统计资料报送应当允许电子方式。",
        "register-name": "赵六",
        "register-contact": "江岭市人民路1号",
    }
    # Another division's drafter does not see the consultation at all.
    client.force_login(staff["other"])
    assert client.post(url, form).status_code == 404
    client.force_login(staff["drafter"])
    assert "登记来信意见" in client.get(url).content.decode()
    # Refused with a message naming what is wrong, nothing stored.
    early = {**form, "register-received_on": "2000-01-01"}
    assert "收到日期应在征求意见开始之日" in client.post(url, early, follow=True).content.decode()
    online = {**form, "register-channel": "online"}
    assert "来信渠道" in client.post(url, online, follow=True).content.decode()
    assert not Comment.objects.exists()

    assert client.post(url, form).status_code == 302
    letter = Comment.objects.get()
    assert (letter.channel, letter.state, letter.clause, letter.name) == (
        "post",
        "accepted",
        clause3,
        "赵六",
    )
    assert timezone.localdate(letter.received_at) == timezone.localdate(now - timedelta(days=3))
    inbox = client.get(url).content.decode()
    assert "信函" in inbox and "来信建议" in inbox
    # A moderator registers one by e-mail on the whole draft.
    client.force_login(staff["editor"])
    mail = {**form, "register-channel": "email", "register-clause": "", "register-body": "赞成"}
    assert client.post(url, mail).status_code == 302
    assert Comment.objects.get(channel="email").clause is None
    detail = client.get(f"/api/v1/consultations/{consultation.pk}").json()
    assert detail["comment_count"] == 2 and detail["clauses"][2]["comment_count"] == 1

    # Answered, approved and published as any comment; its sender stays private.
    for comment, kind in ((letter, "adopted"), (Comment.objects.get(channel="email"), "adopted")):
        disposition = handling.answer(consultation, [comment], staff["drafter"], kind)
        handling.submit(disposition, staff["drafter"])
        handling.approve(disposition, staff["head"])
    handling.publish(consultation, staff["head"])
    feedback = client.get(f"/api/v1/consultations/{consultation.pk}").json()["feedback"]
    assert feedback["totals"]["adopted"] == 2
    assert [i["comments"] for i in feedback["items"]][-1] == [letter.body]
    page = client.get(consultation.url).content.decode()
    assert letter.body in page and "赵六" not in page and "人民路" not in page
    # Once the feedback is out nothing more is registered.
    client.force_login(staff["drafter"])
    client.post(url, form)
    assert Comment.objects.count() == 2
