"""The demo's validity content: every state, a repeal with its decision, a closed cleanup."""

from datetime import date

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
    lines = walkthrough("http://127.0.0.1:8000", shown)
    result = lines[-1].split()[0].split("：")[1].replace("http://127.0.0.1:8000", "")
    assert client.get(result.split("（")[0]).status_code == 200
