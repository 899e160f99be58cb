"""The board's section under a policy costs the same queries whatever the number of its
messages and FAQ entries (issue 31), and none under a policy it has nothing for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import PublicationStamp
from plugins.messageboard.models import FaqEntry, Message, Reply

pytestmark = pytest.mark.django_db


def _queries(client, url) -> list[str]:
    client.get(url)  # the first view reads what the publication stamp keeps
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _board(policy, division, n):
    messages = Message.objects.bulk_create(
        Message(policy=policy, category="consultation", subject=f"《{policy.title}》问题{i}",
                body="请问怎样报送？", name="李四", contact="13800000000", state="published",
                division=division, published_at=timezone.now())
        for i in range(n)
    )  # fmt: skip
    Reply.objects.bulk_create(
        Reply(message=m, text="已答复。", division=division, state="approved",
              approved_at=timezone.now())
        for m in messages
    )  # fmt: skip
    for i in range(n):
        FaqEntry.objects.create(
            policy=policy, question=f"常见问题{i}", answer="答。", published=True
        )
    PublicationStamp.bump()  # as publishing a message and changing the FAQ do


def test_three_messages_cost_what_one_costs_and_none_costs_no_query(
    publish_policy, division, client
):
    one = publish_policy("关于一个问题的通知")
    three = publish_policy("关于三个问题的通知")
    quiet = publish_policy("关于没有问题的通知")
    _board(one, division, 1)
    _board(three, division, 3)

    html = client.get(three.url).content.decode()
    for i in range(3):
        assert f"《关于三个问题的通知》问题{i}" in html and f"常见问题{i}" in html
    assert "《关于一个问题的通知》问题0" not in html

    assert len(_queries(client, three.url)) == len(_queries(client, one.url))
    assert not [sql for sql in _queries(client, quiet.url) if "messageboard_" in sql]
    assert "/messages/?policy=" in client.get(quiet.url).content.decode()  # still asks
