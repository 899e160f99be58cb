"""The demo's service links: a catalogue, policies with 办 buttons, one broken link in the
report with its checks."""

from plugins.govservice.demo import BROKEN_CODE, ITEMS, load_demo_services
from plugins.govservice.models import LinkCheck, ServiceItem


def test_the_demo_links_policies_and_shows_a_broken_link(
    linked, publish_policy, client, admin_client
):
    for _code, _name, _department, _audience, title, _note in ITEMS[-3:]:
        publish_policy(title)
    lines = load_demo_services("http://127.0.0.1:8000")
    again = load_demo_services("http://127.0.0.1:8000")
    assert lines == again and ServiceItem.objects.count() == len(ITEMS)
    # The broken link's 3 checks and last year's outage's 4; loading twice adds none.
    assert LinkCheck.objects.count() == 7

    broken = ServiceItem.objects.get(code=BROKEN_CODE)
    assert broken.health == "broken"
    policy = broken.links.get().policy
    html = client.get(policy.url).content.decode()
    assert "创业担保贷款申请" in html and "暂不可用" in html
    item_url = lines[1].split("：", 1)[1].replace("http://127.0.0.1:8000", "")
    assert client.get(item_url).json()["policies"]
    assert "创业担保贷款申请" in admin_client.get("/admin/govservice/broken/").content.decode()
