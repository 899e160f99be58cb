"""The patrol against a real server: a link that fails long enough is broken, hidden or
shown as unavailable, told to its division and the web editors, and comes back by itself."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from wagtail.models import ModelLogEntry

from plugins.govservice import health, patrol
from plugins.govservice.checker import CheckResult
from plugins.govservice.models import LinkCheck, ServiceItem

T0 = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def fresh(item):
    return ServiceItem.objects.get(pk=item.pk)


def result(outcome, reason="HTTP 404"):
    return CheckResult(outcome, reason)


def walk(outcomes, hours):
    """The item's health after checks at these hours from T0."""
    item = ServiceItem(code="x", name="x", department="x", url="http://x.example/")
    moves = [
        health.transition(item, result(outcome), T0 + timedelta(hours=h))
        for outcome, h in zip(outcomes, hours, strict=True)
    ]
    return item.health, moves


@pytest.mark.parametrize(
    ("outcomes", "hours", "state", "moves"),
    [
        (["suspect"] * 3, [0, 6, 12], "suspect", [None] * 3),  # three, but within 24 h
        (["suspect"] * 4, [0, 6, 12, 24], "broken", [None] * 3 + ["broken"]),
        (["suspect", "suspect", "ok"], [0, 6, 12], "ok", [None] * 3),
        (["failed", "failed"], [0, 0.5], "suspect", [None, None]),  # hard, but within 1 h
        (["failed", "failed"], [0, 1], "broken", [None, "broken"]),
        (["suspect", "failed", "failed"], [0, 1, 2], "broken", [None, None, "broken"]),
        (["failed", "suspect", "failed"], [0, 1, 2], "suspect", [None] * 3),  # not in a row
        (
            ["failed", "failed", "failed", "ok"],
            [0, 1, 2, 3],
            "ok",
            [None, "broken", None, "recovered"],
        ),
    ],
)
def test_when_a_link_is_broken_and_when_it_is_back(outcomes, hours, state, moves):
    assert walk(outcomes, hours) == (state, moves)


def test_the_thresholds_are_settings(settings):
    settings.GOVSERVICE_BROKEN_AFTER = (2, 0)
    assert walk(["suspect", "suspect"], [0, 0.1]) == ("broken", [None, "broken"])


@pytest.fixture
def editors(roles, division, django_user_model):
    drafter = django_user_model.objects.create_user("drafter", "drafter@example.invalid")
    division.members.add(drafter)
    editor = django_user_model.objects.create_user("editor", "editor@example.invalid")
    editor.groups.add(roles["网站编辑"])
    return drafter, editor


def test_a_link_is_hidden_when_broken_and_back_when_it_works(
    sites, item, linked, client, editors, settings, django_capture_on_commit_callbacks
):
    settings.GOVSERVICE_BROKEN_DISPLAY = "hide"
    sites.answers["/flaky"] = (404, "")
    service = item(sites.url + "/flaky")
    policy = linked(service)
    assert "部门统计调查项目审批" in client.get(policy.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(T0, tick=False):
            assert patrol.patrol()["checked"] == 1
        with time_machine.travel(T0 + timedelta(minutes=30), tick=False):
            assert patrol.patrol()["checked"] == 0  # not due: failing links wait an hour
        with time_machine.travel(T0 + timedelta(hours=1), tick=False):
            assert patrol.patrol()["broken"] == 1
    assert fresh(service).health == "broken"
    assert [c.outcome for c in LinkCheck.objects.filter(item=service)] == ["failed", "failed"]
    page = client.get(policy.url).content.decode()
    assert "部门统计调查项目审批" not in page and "service-button" not in page
    detail = client.get(f"/api/v1/policies/{policy.pk}").json()
    assert detail["plugins"]["govservice"] == {"services": []}
    (message,) = mail.outbox
    assert "办事链接失效" in message.subject and policy.title in message.body
    assert sorted(message.to) == ["drafter@example.invalid", "editor@example.invalid"]
    assert ModelLogEntry.objects.filter(action="govservice.broken").count() == 1

    sites.answers["/flaky"] = (200, "<title>部门统计调查项目审批</title>")
    recovery = time_machine.travel(T0 + timedelta(hours=2), tick=False)
    with django_capture_on_commit_callbacks(execute=True), recovery:
        assert patrol.patrol()["recovered"] == 1
    assert fresh(service).health == "ok" and fresh(service).recovered_at is not None
    assert "部门统计调查项目审批" in client.get(policy.url).content.decode()
    assert "办事链接已恢复" in mail.outbox[1].subject


def test_a_broken_link_shows_as_unavailable_by_default(sites, item, linked, client):
    service = item(sites.url + "/missing")
    policy = linked(service)
    for hours in (0, 1):
        with time_machine.travel(T0 + timedelta(hours=hours), tick=False):
            patrol.patrol()
    page = client.get(policy.url).content.decode()
    assert "暂不可用" in page and sites.url + "/missing" not in page
    services = client.get(f"/api/v1/policies/{policy.pk}").json()["plugins"]["govservice"]
    assert services["services"][0]["available"] is False
    assert services["services"][0]["url"] is None


def test_only_linked_offered_items_are_patrolled_and_old_checks_go(sites, item, linked, settings):
    linked_item = item(sites.url + "/ok")
    item(sites.url + "/ok", code="unlinked")
    withdrawn = item(sites.url + "/ok", code="withdrawn", status="withdrawn")
    linked(linked_item, withdrawn)
    with time_machine.travel(T0, tick=False):
        assert patrol.patrol()["checked"] == 1
    with time_machine.travel(T0 + timedelta(hours=5), tick=False):
        assert patrol.patrol()["checked"] == 0  # working links wait six hours
    settings.GOVSERVICE_KEEP_CHECKS_DAYS = 1
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        assert patrol.patrol()["checked"] == 1
    assert [c.checked_at for c in LinkCheck.objects.all()] == [T0 + timedelta(days=2)]


def test_a_new_address_is_checked_afresh(sites, item, linked):
    service = item(sites.url + "/missing")
    linked(service)
    with time_machine.travel(T0, tick=False):
        patrol.patrol()
    assert fresh(service).health == "suspect"
    service = fresh(service)
    service.url = sites.url + "/ok"
    service.save()
    assert fresh(service).health == "unchecked" and fresh(service).last_checked_at is None
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        assert patrol.patrol()["checked"] == 1
    assert fresh(service).health == "ok"


def test_the_report_lists_broken_and_recovered_links_and_exports(sites, item, linked, admin_client):
    broken = item(sites.url + "/gone", code="A-1", name="统计信用修复申请")
    back = item(sites.url + "/ok", code="A-2")
    item(sites.url + "/ok", code="A-3", name="从未失效的事项")
    policy = linked(broken, back)
    now = datetime.now(tz=UTC)
    for hours, outcome in ((3, "failed"), (2, "failed"), (1, "ok")):
        health.record(back.pk, result(outcome), now - timedelta(hours=hours))
    for hours in (2, 1):
        health.record(broken.pk, result("failed", "HTTP 410"), now - timedelta(hours=hours))

    html = admin_client.get("/admin/govservice/broken/").content.decode()
    assert "统计信用修复申请" in html and "部门统计调查项目审批" in html
    # Issue 24.18: the report overflowed a 1366 px screen; long values wrap in their cells.
    assert "/static/govservice/admin.css" in html
    assert 'class="govservice-url"' in html and 'class="govservice-wrap"' in html
    assert "从未失效的事项" not in html and policy.title in html
    assert html.index("统计信用修复申请") < html.index("部门统计调查项目审批")
    export = admin_client.get("/admin/govservice/broken/?export=csv")
    csv = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "HTTP 410" in csv and "失效" in csv and "A-2" in csv
    xlsx = admin_client.get("/admin/govservice/broken/?export=xlsx")
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"

    history = admin_client.get(f"/admin/govservice/items/{broken.pk}/checks/").content.decode()
    assert history.count("HTTP 410") == 3  # the item's last result and its two checks


def test_the_report_is_for_who_keeps_the_catalogue(client, django_user_model, roles):
    outsider = django_user_model.objects.create_user("outsider", password="x")
    outsider.groups.add(roles["撰稿人"])
    client.force_login(outsider)
    assert client.get("/admin/govservice/broken/").status_code == 200  # 撰稿人 may view
    nobody = django_user_model.objects.create_user("nobody", password="x", is_staff=False)
    client.force_login(nobody)
    assert client.get("/admin/govservice/broken/").status_code in (302, 403)
