"""The demo's validity content: every state, a repeal with its decision, a closed cleanup."""

from datetime import date

from cms.models import PolicyPage
from plugins.validity.demo import load_demo_validity, walkthrough
from plugins.validity.models import Campaign, PolicyValidity


def test_the_demo_shows_every_state_and_loads_twice(normative, client):
    for n, title in enumerate(["统计工作规定", "统计报表规定", "统计调查规定", "统计执法规定"]):
        normative(title, issued_on=date(2022 + n, 3, 1))
    shown = load_demo_validity()
    again = load_demo_validity()
    assert {key: page.pk for key, page in shown.items()} == {
        key: page.pk for key, page in again.items()
    }
    states = set(PolicyValidity.objects.values_list("state", flat=True))
    assert {"repealed", "amended", "not_yet_effective", "in_force"} <= states
    assert (
        PolicyValidity.objects.get(pk=shown["repealed"].pk).changed_by_id == shown["successor"].pk
    )
    assert Campaign.objects.get().state == "closed"
    # A decision is a numbered document of its own (关于废止《…》的决定 had no 发文字号).
    decisions = [PolicyPage.objects.get(pk=p.pk) for p in (shown["successor"],)]
    decisions.append(PolicyValidity.objects.get(pk=shown["amended"].pk).changed_by)
    numbers = [d.doc_number for d in decisions]
    assert all(n.endswith("号") and "〔" in n for n in numbers) and len(set(numbers)) == 2
    lines = walkthrough("http://127.0.0.1:8000", shown)
    result = lines[-1].split()[0].split("：")[1].replace("http://127.0.0.1:8000", "")
    assert client.get(result.split("（")[0]).status_code == 200


def test_the_demo_amended_example_is_amended_and_links_both_ways(normative, client):
    """Issue 24.7: the demo amended its second-oldest document, long expired, so its
    已修改 example showed 已失效; it amends one its dates keep in force."""
    for n, title in enumerate(["统计工作规定", "统计报表规定", "统计调查规定", "统计执法规定"]):
        normative(title, issued_on=date(2013 + n, 3, 1))  # five years each: all expired
    normative("统计信用规定", issued_on=date(2024, 3, 1))
    shown = load_demo_validity()
    amended = shown["amended"]
    assert amended.title == "统计信用规定"
    assert PolicyValidity.objects.get(pk=amended.pk).state == "amended"
    page = client.get(amended.url).content.decode()
    assert "已修改" in page and "关于修改《统计信用规定》的决定" in page
    decision = PolicyValidity.objects.get(pk=amended.pk).changed_by
    assert f'href="{decision.url}"' in page
    assert f'href="{amended.url}"' in client.get(decision.url).content.decode()


def test_the_demo_upcoming_example_was_never_in_force_and_says_when_it_will_be(normative, client):
    """A try-out: the demo moved a document in force for a year to 尚未生效, its text still
    saying 自印发之日起施行, and announced 现行有效→尚未生效 to subscribers."""
    from cms.models import OutboxEvent
    from cms.plugin_api import today

    for n, title in enumerate(["统计工作规定", "统计报表规定", "统计调查规定", "统计执法规定"]):
        normative(title, issued_on=date(2022 + n, 3, 1))
    in_force_before = set(
        PolicyValidity.objects.filter(state="in_force").values_list("policy_id", flat=True)
    )
    shown = load_demo_validity()
    upcoming = PolicyPage.objects.get(pk=shown["upcoming"].pk)
    assert upcoming.pk not in in_force_before
    assert (today() - upcoming.issued_on).days == 7
    record = PolicyValidity.objects.get(pk=upcoming.pk)
    assert record.state == "not_yet_effective" and record.effective_from > today()
    effective = record.effective_from
    said = f"自{effective.year}年{effective.month}月{effective.day}日起施行"
    assert said in upcoming.body and "自印发之日起施行" not in upcoming.body
    assert sorted(upcoming.topics.names()) == ["权益保护", "统计调查"]
    assert not upcoming.attachments.exists()
    page = client.get(upcoming.url).content.decode()
    assert "尚未生效" in page and said in page
    # Nothing announced a document going back from in force to not yet in force.
    for event in OutboxEvent.objects.filter(policy_id=upcoming.pk):
        assert "in_force" not in str(event.payload), event.payload
