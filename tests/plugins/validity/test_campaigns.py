"""A cleanup campaign end to end, through the admin views a division and an administrator
use, then its public result."""

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from plugins.validity.models import Campaign, CampaignItem
from plugins.validity.tasks import refresh_validity
from tests.plugins.validity.conftest import record


def test_a_campaign_from_opening_to_its_published_result(
    normative, agency, division, drafter, admin_client, client, django_user_model, time_machine
):
    from cms.models import Division

    time_machine.move_to("2026-03-01 10:00 +08:00")
    keep = normative("统计工作规定", issued_on=date(2025, 1, 1))
    amend = normative("统计报表规定", issued_on=date(2025, 2, 1))
    repeal = normative("统计调查规定", issued_on=date(2025, 3, 1))
    invalidate = normative("统计执法规定", issued_on=date(2025, 4, 1))
    normative("统计信用规定", issued_on=date(2026, 2, 1))  # after the reference date
    other = Division.objects.create(agency=agency, name="其他处")
    outsider = django_user_model.objects.create_user("outsider", password="pw")
    outsider.groups.add(*drafter.groups.all())
    other.members.add(outsider)

    opened = admin_client.post(
        "/admin/validity/campaigns/",
        {"name": "2026年规范性文件清理", "agencies": [agency.pk], "reference_date": "2025-12-31"},
    )
    campaign = Campaign.objects.get()
    assert opened.status_code == 302
    assert set(campaign.items.values_list("policy_id", flat=True)) == {
        keep.pk, amend.pk, repeal.pk, invalidate.pk
    }  # fmt: skip
    url = f"/admin/validity/campaigns/{campaign.pk}/"

    def decide(user_client, policy, decision, reason=""):
        item = campaign.items.get(policy=policy)
        data = {"action": "decide", "item": item.pk, "decision": decision, "reason": reason}
        return user_client.post(url, data, follow=True).content.decode()

    client.force_login(outsider)
    assert "只有起草处室" in decide(client, repeal, "repeal", "已被新办法取代")
    assert not campaign.items.get(policy=repeal).decision
    client.force_login(drafter)
    assert "统计调查规定" in client.get(url).content.decode()
    assert "请说明" in decide(client, repeal, "repeal")  # a repeal needs its reason
    decide(client, keep, "keep")
    decide(client, amend, "amend", "部分条款与上位法不一致")
    decide(client, repeal, "repeal", "已被新办法取代")

    refused = admin_client.post(url, {"action": "close"}, follow=True).content.decode()
    assert "1 件文件尚未作出决定" in refused
    assert Campaign.objects.get().state == "open"
    decide(client, invalidate, "invalidate", "调整对象已消失")
    admin_client.post(url, {"action": "close"})

    assert Campaign.objects.get().state == "closed"
    states = {p.title: record(p).state for p in (keep, amend, repeal, invalidate)}
    assert states == {"统计工作规定": "in_force", "统计报表规定": "in_force",
                      "统计调查规定": "repealed", "统计执法规定": "expired"}  # fmt: skip
    refresh_validity()  # the daily task keeps what the campaign declared
    assert record(repeal).state == "repealed" and record(invalidate).state == "expired"
    assert "已关闭" in decide(client, keep, "repeal", "改主意")  # decisions are final
    again = admin_client.post(url, {"action": "reopen"}, follow=True).content.decode()
    assert "不能重新开启" in again and Campaign.objects.get().state == "closed"

    page = client.get(f"/validity/campaigns/{campaign.pk}/").content.decode()
    for heading in ("继续有效（1）", "拟修改（1）", "废止（1）", "宣布失效（1）"):
        assert heading in page
    assert "已被新办法取代" in page and f'href="{repeal.url}"' in page
    api = client.get(f"/api/v1/validity/campaigns/{campaign.pk}").json()
    assert [d["title"] for d in api["decisions"]["repeal"]] == ["统计调查规定"]
    sheet = load_workbook(BytesIO(client.get(f"/validity/campaigns/{campaign.pk}.xlsx").content))
    rows = list(sheet.active.iter_rows(values_only=True))
    assert len(rows) == 5 and ("废止", agency.name, "统计调查规定") == rows[3][:3]
    assert CampaignItem.objects.filter(decision="").count() == 0


def test_an_open_campaign_has_no_public_result(normative, agency, client):
    from plugins.validity.campaigns import open_campaign

    campaign = open_campaign("清理", [agency], date(2026, 1, 1))
    assert client.get(f"/validity/campaigns/{campaign.pk}/").status_code == 404
    assert client.get(f"/api/v1/validity/campaigns/{campaign.pk}").status_code == 404
