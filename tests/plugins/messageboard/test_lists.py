"""The public lists read a page at any depth in one query, and a policy's title and URL and
whether it takes messages are kept while nothing is published."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.models import PublicationStamp
from plugins.messageboard import intake, public
from plugins.messageboard.models import Message, Reply


@pytest.fixture
def many_published(board_policy, division):
    """45 public messages a minute apart (one answered twice, one with a draft answer
    besides), and a hidden one and a pending one that no list may show."""
    now = timezone.now()
    rows = [
        Message(
            policy=board_policy,
            category="consultation",
            subject=f"问题{i}",
            body=f"第{i}个问题，电话13912345678。",
            name="李四",
            contact="13800000000",
            state="published",
            division=division,
            published_at=now - timedelta(minutes=i // 2),  # pairs share a time: ids decide
        )
        for i in range(45)
    ]
    rows += [
        Message(policy=board_policy, subject="已隐藏", body="x", name="王", contact="1@a.cn",
                state="hidden", published_at=now, category="opinion"),
        Message(policy=board_policy, subject="待审核", body="x", name="王", contact="1@a.cn",
                category="opinion"),
    ]  # fmt: skip
    saved = Message.objects.bulk_create(rows)
    replies = [
        Reply(message=m, text=f"答复{m.subject}", division=division, state="approved",
              approved_at=m.published_at)
        for m in saved[:45]
    ]  # fmt: skip
    replies += [
        Reply(message=saved[3], text="补充答复", division=division, state="approved",
              approved_at=now),
        Reply(message=saved[4], text="尚未批准", division=division, state="draft"),
    ]  # fmt: skip
    Reply.objects.bulk_create(replies)
    return saved[:45]


def test_every_page_holds_the_next_messages_newest_first_with_their_replies(
    many_published, board_policy, django_assert_max_num_queries
):
    expected = list(Message.objects.filter(state="published").order_by("-published_at", "-pk"))
    messages = public.published_messages(board_policy.pk)
    public.page_items(messages, 0, 1)  # the policy's title and URL, looked up once
    read = []
    for start in range(0, 60, 20):
        # the page's rows with their replies, plus reading the stamp for the policy's URL
        with django_assert_max_num_queries(2):
            read += public.page_items(messages, start, start + 20)
    assert [item["id"] for item in read] == [m.pk for m in expected]
    by_id = {item["id"]: item for item in read}
    assert [r["text"] for r in by_id[many_published[3].pk]["replies"]] == ["答复问题3", "补充答复"]
    assert [r["text"] for r in by_id[many_published[4].pk]["replies"]] == ["答复问题4"]
    item = by_id[many_published[0].pk]
    assert item["body"] == "第0个问题，电话139****5678。" and item["asker"] == "李*"
    assert item["policy"] == {"id": board_policy.pk, "title": board_policy.title,
                              "url": board_policy.url}  # fmt: skip
    assert public.page_items(messages, 45, 65) == []


def test_the_api_and_the_html_list_page_through_the_same_messages(client, many_published):
    newest_first = [m.pk for m in sorted(many_published, key=lambda m: (m.published_at, m.pk))]
    newest_first.reverse()
    api = client.get("/api/v1/messages", {"page": 3, "page_size": 20}).json()
    assert (api["total"], api["num_pages"]) == (45, 3)
    assert [item["id"] for item in api["items"]] == newest_first[40:]
    html = client.get("/messages/", {"page": 3}).content.decode()
    assert "问题44" in html and "问题0" not in html and "已隐藏" not in html


def test_whether_a_policy_takes_messages_follows_the_stamp(board_policy, django_assert_num_queries):
    assert intake._takes_messages(board_policy.pk)
    with django_assert_num_queries(0):  # within the second: not even the stamp is read
        assert intake._takes_messages(board_policy.pk)
    board_policy.unpublish()  # moves the stamp, in this process: forgotten at once
    assert not intake._takes_messages(board_policy.pk)


def test_answers_kept_for_the_stamp_are_read_again_once_it_moves(board_policy):
    from cms.models.stamps import kept_for_stamp

    calls = []

    @kept_for_stamp
    def title(pk):
        calls.append(pk)
        return type(board_policy).objects.get(pk=pk).title

    assert title(board_policy.pk) == title(board_policy.pk) == board_policy.title
    assert calls == [board_policy.pk]
    # Another process published: the stamp row moved without a bump in this one.
    PublicationStamp.objects.update(version=10**6)
    type(board_policy).objects.filter(pk=board_policy.pk).update(title="改过的标题")
    assert title(board_policy.pk) == "改过的标题" and len(calls) == 2


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ('收入>5万元的"个体户"怎么报？', '收入>5万元的"个体户"怎么报？'),  # nothing to strip
        ("<b>收入</b> &gt; 5万 &amp; 以上<!-- x -->", "收入 > 5万 & 以上"),
        ("第一行\x00\r\n\n\n\n第二行   末尾  ", "第一行\n\n第二行 末尾"),
    ],
)
def test_public_text_is_stored_as_plain_text(sent, stored):
    from plugins.messageboard.protection import clean_text

    assert clean_text(sent) == stored
