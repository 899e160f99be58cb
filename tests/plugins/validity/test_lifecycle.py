"""A policy's validity follows its publication, its relations and the calendar, and every
public output says so."""

from datetime import date

from wagtail.models import ModelLogEntry, PageLogEntry

from cms.models import OutboxEvent, PublicationStamp
from plugins.validity.models import PolicyValidity, ValidityChange
from plugins.validity.tasks import refresh_validity
from tests.plugins.validity.conftest import record


def test_publication_settles_dates_defaults_and_a_registration_number(
    normative, agency, time_machine
):
    time_machine.move_to("2024-06-01 10:00 +08:00")
    first = normative("统计调查管理暂行办法", effective_from=date(2024, 4, 1))
    second = normative("关于统计数据质量的规定")
    notice = normative("关于召开会议的通知", doc_type="notice")

    a, b = record(first), record(second)
    assert (a.state, a.effective_from, a.expires_on) == ("in_force", date(2024, 4, 1),
                                                         date(2026, 3, 31))  # fmt: skip
    assert (b.effective_from, b.expires_on) == (date(2024, 3, 1), date(2029, 2, 28))
    short = agency.short_name or agency.name
    assert a.registration_number == f"{short}规〔2024〕1号"
    assert b.registration_number == f"{short}规〔2024〕2号"
    # Not a normative document: no default expiry, no number.
    c = record(notice)
    assert (c.expires_on, c.registration_number) == (None, None)

    # A later publication keeps the number.
    with_draft = first.get_latest_revision_as_object()
    with_draft.save_revision().publish()
    assert record(first).registration_number == a.registration_number


def test_a_repeal_moves_the_target_with_the_publication_and_both_pages_say_so(normative, client):
    old = normative("关于统计调查项目管理的规定")
    stamp = PublicationStamp.current()
    new = normative("统计调查项目管理办法", relations=[("repeals", old)])

    old_record = record(old)
    assert (old_record.state, old_record.changed_by_id) == ("repealed", new.pk)
    change = ValidityChange.objects.filter(policy=old).last()
    assert (change.from_state, change.to_state, change.by_id) == ("in_force", "repealed", new.pk)
    assert PublicationStamp.current() != stamp
    assert OutboxEvent.objects.filter(kind="validity.changed", policy_id=old.pk).count() == 1
    assert PageLogEntry.objects.filter(page=old, action="validity.change").exists()

    old_page = client.get(old.url).content.decode()
    assert "已废止" in old_page and f'href="{new.url}"' in old_page
    assert "本文件已被《统计调查项目管理办法》废止" in old_page
    new_page = client.get(new.url).content.decode()
    assert "本文件废止了《关于统计调查项目管理的规定》" in new_page
    assert f'href="{old.url}"' in new_page

    detail = client.get(f"/api/v1/policies/{old.pk}").json()["plugins"]["validity"]
    assert detail["state"] == "repealed" and detail["changed_by"]["id"] == new.pk

    # Withdrawing the repealing policy restores what the dates give.
    new.unpublish()
    assert record(old).state == "in_force" and record(old).changed_by is None
    assert "已废止" not in client.get(old.url).content.decode()


def test_an_amendment_marks_a_document_in_force_as_amended(normative):
    old = normative("关于统计报表制度的规定")
    normative("关于修改统计报表制度的决定", relations=[("amends", old)])
    assert record(old).state == "amended"


def test_the_daily_task_moves_states_at_midnight_in_shanghai(
    normative, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to("2026-03-31 23:59 +08:00")
    policy = normative("统计调查试行办法", effective_from=date(2024, 4, 1))
    assert record(policy).expires_on == date(2026, 3, 31)
    assert refresh_validity() == 0 and record(policy).state == "in_force"
    events = OutboxEvent.objects.filter(kind="validity.changed").count()

    time_machine.move_to("2026-03-31 16:05 +00:00")  # 00:05 on 1 April in Shanghai
    with django_capture_on_commit_callbacks(execute=True):
        assert refresh_validity() == 1
    assert record(policy).state == "expired"
    assert OutboxEvent.objects.filter(kind="validity.changed").count() == events + 1
    assert ValidityChange.objects.filter(policy=policy, to_state="expired").get().on == date(
        2026, 4, 1
    )
    assert refresh_validity() == 0  # the next run has nothing to move


def test_a_document_not_yet_in_force_comes_into_force_on_its_day(normative, time_machine, client):
    time_machine.move_to("2026-05-20 10:00 +08:00")
    policy = normative("关于统计信用管理的规定", effective_from=date(2026, 6, 1))
    assert record(policy).state == "not_yet_effective"
    assert "2026-06-01" in client.get(policy.url).content.decode()
    time_machine.move_to("2026-06-01 00:05 +08:00")
    refresh_validity()
    assert record(policy).state == "in_force"
    assert not PolicyValidity.objects.filter(state="not_yet_effective").exists()
    assert not ModelLogEntry.objects.filter(action="validity.change").exists()  # page logs


def test_the_lists_filter_by_validity(normative, client, agency):
    old = normative("关于统计调查项目管理的规定")
    new = normative("统计调查项目管理办法", relations=[("repeals", old)])

    api = client.get("/api/v1/policies", {"validity": "in_force"}).json()
    assert [item["id"] for item in api["items"]] == [new.pk]
    repealed = client.get("/api/v1/policies", {"validity": "repealed"}).json()
    assert [item["id"] for item in repealed["items"]] == [old.pk]
    wrong = client.get("/api/v1/policies", {"validity": "nonsense"})
    assert wrong.status_code == 400 and "validity" in wrong.content.decode()
    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/policies"]["get"]["parameters"]
    assert any(p["name"] == "validity" for p in parameters)

    library = client.get(agency.library.url, {"validity": "repealed"}).content.decode()
    assert "关于统计调查项目管理的规定" in library and "统计调查项目管理办法<" not in library
    assert '<select name="validity">' in library


def test_every_list_shows_the_state(normative, client, agency):
    old = normative("关于统计调查项目管理的规定")
    new = normative("统计调查项目管理办法", relations=[("repeals", old)])
    library = client.get(agency.library.url).content.decode()
    assert '<span class="badge badge-validity-repealed">已废止</span>' in library
    assert '<span class="badge badge-validity-in_force">现行有效</span>' in library
    items = client.get("/api/v1/policies").json()["items"]
    assert {item["id"]: item["badges"] for item in items} == {
        old.pk: ["已废止"],
        new.pk: ["现行有效"],
    }


def test_an_expired_document_links_to_the_decision_that_amended_it_and_back(normative, client):
    """Issue 24.7: an amended document that has since expired showed 已失效 with no link to
    the amending decision; the relation is shown both ways whatever the state."""
    old = normative("江岭市政府信息依申请公开办理规定", issued_on=date(2013, 9, 3))
    decision = normative(
        "关于修改《江岭市政府信息依申请公开办理规定》的决定",
        issued_on=date(2026, 10, 4),
        relations=[("amends", old)],
    )
    assert record(old).state == "expired"
    old_page = client.get(old.url).content.decode()
    assert "本文件已于2018-09-02失效" in old_page
    notice = f"本文件已被《{decision.title}》修改。"
    assert f'<a href="{decision.url}">{notice}</a>' in old_page
    assert f'<a href="{old.url}">本文件修改了《江岭市政府信息依申请公开办理规定》。</a>' in (
        client.get(decision.url).content.decode()
    )
    detail = client.get(f"/api/v1/policies/{old.pk}").json()["plugins"]["validity"]
    assert [(c["kind"], c["id"]) for c in detail["changed_in"]] == [("amends", decision.pk)]


def test_lists_badge_only_normative_documents_and_rules_each_state_styled(
    normative, client, agency, time_machine
):
    """Issue 24.13: a report and a notice showed 现行有效; every state looked alike."""
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders

    time_machine.move_to("2026-06-01 10:00 +08:00")
    normative("江岭市统计局2025年政府信息公开工作年度报告", doc_type="report")
    normative("关于做好统计年报工作的通知", doc_type="notice")
    normative("统计工作规定", issued_on=date(2025, 3, 1))
    normative("统计执法规定", doc_type="rule", issued_on=date(2025, 3, 1))
    repealed = normative("统计报表规定", issued_on=date(2025, 3, 1))
    amended = normative("统计信用规定", issued_on=date(2025, 3, 1))
    normative("统计调查规定", issued_on=date(2013, 3, 1))  # expired in 2018
    normative("关于废止《统计报表规定》的决定", relations=[("repeals", repealed)])
    normative("关于修改《统计信用规定》的决定", relations=[("amends", amended)])

    for url in (agency.library.url, "/"):
        html = client.get(url).content.decode()
        items = dict(re.findall(r">([^<]+)</a>\s*<span class=\"badges\">(.*?)</span>\n", html))
        assert items["江岭市统计局2025年政府信息公开工作年度报告"] == ""
        assert items["关于做好统计年报工作的通知"] == ""
        assert "badge-validity-in_force" in items["统计执法规定"]
        assert items["统计报表规定"] == '<span class="badge badge-validity-repealed">已废止</span>'
        assert items["统计信用规定"] == '<span class="badge badge-validity-amended">已修改</span>'
        assert items["统计调查规定"] == '<span class="badge badge-validity-expired">已失效</span>'
    report = client.get("/api/v1/policies", {"q": "年度报告"}).json()["items"]
    assert all(item["badges"] == [] for item in report if "报告" in item["title"])
    assert (
        "现行有效"
        not in client.get(
            normative("江岭市统计局2024年政府信息公开工作年度报告", doc_type="report").url
        )
        .content.decode()
        .split("<h1>")[0]
    )

    css = Path(finders.find("cms/site.css")).read_text(encoding="utf-8")
    styles = {
        state: re.search(rf"\.badge-validity-{state} \{{([^}}]*)\}}", css).group(1)
        for state in ("in_force", "repealed", "expired", "amended", "not_yet_effective")
    }
    assert len(set(styles.values())) == 5
