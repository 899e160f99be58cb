"""The service links' part of the website annual report (hook website_report_tables):
办事服务's items linked from the site's policies, and the links the patrol found broken and
saw working again in the year."""

from cms.reports import website
from plugins.govservice import health
from plugins.govservice.checker import CheckResult
from plugins.govservice.models import LinkCheck, ServiceItem, ServiceLink

# The core's report fixtures (a site with its identity, the year 2025 on it).
from tests.cms.conftest import site  # noqa: F401
from tests.cms.test_website_reports import at, cells, year_2025  # noqa: F401


def check(item, outcome, when, time_machine):
    """The patrol's check at ``when`` (its audit log entry is dated then too)."""
    time_machine.move_to(at(when))
    health.record(item.pk, CheckResult(outcome, outcome), at(when))


def test_items_linked_and_links_broken_and_repaired_in_the_year(
    year_2025,  # noqa: F811
    time_machine,
    admin_client,
):
    policy = year_2025.policy
    item = ServiceItem.objects.create(
        code="SX-1", name="统计登记", department="测试市统计局", url="https://zwfw.example.cn/1"
    )
    policy.service_links.add(ServiceLink(item=item))
    policy.save_revision().publish()
    failed, ok = LinkCheck.Outcome.FAILED, LinkCheck.Outcome.OK
    check(item, failed, "2024-12-01 08:00", time_machine)  # broken in 2024: not counted
    check(item, failed, "2024-12-01 10:00", time_machine)
    check(item, ok, "2025-02-03 10:00", time_machine)  # repaired in 2025
    check(item, failed, "2025-06-01 08:00", time_machine)
    check(item, failed, "2025-06-01 10:00", time_machine)  # broken in 2025, still so
    time_machine.move_to(at("2026-01-10 10:00"))
    report = website.start_draft(year_2025, 2025)
    assert cells(report)["services"] == {"items": 1, "broken": 1, "repaired": 1}
    table = next(t for t in report.frozen_tables() if t.key == "services")
    assert table.source == "govservice"
    # The patrol's log entries of the year in the site history; the catalogue.
    broken = admin_client.get(table.row("broken").links["value"])
    assert "timestamp_from=2025-01-01" in broken.request["QUERY_STRING"]
    assert "统计登记" in broken.content.decode()
    assert "统计登记" in admin_client.get(table.row("items").links["value"]).content.decode()
