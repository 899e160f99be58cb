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
