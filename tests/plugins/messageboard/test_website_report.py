"""The message board's part of the website annual report (hook website_report_tables):
留言办理 counted by each message's dates, for the site of its policy."""

from datetime import date

from cms.reports import website
from plugins.messageboard.models import Message

# The core's report fixtures (a site with its identity, the year 2025 on it).
from tests.cms.conftest import site  # noqa: F401
from tests.cms.test_website_reports import at, cells, year_2025  # noqa: F401


def _message(policy, received, answered=None, accepted=None, published=None, **fields):
    return Message.objects.create(
        policy=policy, category="consultation", subject="问题", body="请问如何申报？",
        name="张三", contact="13800000000", received_at=at(received),
        accepted_on=accepted, answered_at=answered and at(answered),
        published_at=published and at(published), **fields,
    )  # fmt: skip


def test_the_messages_of_the_year_are_counted_and_linked(year_2025, admin_client):  # noqa: F811
    policy = year_2025.policy
    # Received in 2024, answered (3 working days) and published in 2025.
    _message(policy, "2024-12-30 09:00", "2025-01-06 10:00", date(2024, 12, 30),
             "2025-01-07 10:00", state="published")  # fmt: skip
    # Received and answered in 2025 (5 working days); received in 2025, answered in 2026.
    _message(policy, "2025-05-07 09:00", "2025-05-14 10:00", date(2025, 5, 7), state="answered")
    _message(policy, "2025-12-29 09:00", "2026-01-05 10:00", date(2025, 12, 29))
    _message(None, "2025-08-01 09:00")  # on no policy: the default site's
    _message(policy, "2025-08-02 09:00", state="spam")  # not a message received
    report = website.start_draft(year_2025, 2025)
    counted = cells(report)["messages"]
    assert (counted["received"], counted["answered"], counted["published"]) == (3, 2, 1)
    assert str(counted["mean_days"]) == "4.5"  # 4 working days (1 January off) and 5
    table = next(t for t in report.frozen_tables() if t.key == "messages")
    assert table.source == "messageboard"
    html = admin_client.get(f"/admin/pages/{report.pk}/edit/").content.decode()
    # Each cell leads to the messages it counted in the inbox.
    link = table.row("received").links["value"]
    assert link == "/admin/messages/?tab=all&counted=received&year=2025"
    assert link.replace("&", "&amp;") in html
    assert admin_client.get(link).content.decode().count(">问题</a>") == 3
    published = admin_client.get(table.row("published").links["value"]).content.decode()
    assert published.count(">问题</a>") == 1
