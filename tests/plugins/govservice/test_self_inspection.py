"""The service links' indicator of the self-inspection (网站自查, issue 30 item 7): a link
the patrol found broken (a real local server answering 404) is a warning with the item's
check history linked, ok again once the patrol finds it working."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import translation
from wagtail.models import Site

from plugins.govservice import patrol
from plugins.govservice.inspection import broken_links
from tests.plugins.govservice.test_patrol import T0

pytestmark = pytest.mark.django_db


def row(admin_client) -> tuple[str, str]:
    html = admin_client.get("/admin/reports/self-inspection/").content.decode()
    match = re.search(
        r'data-key="govservice.broken_links" data-status="(\w+)">(.*?)</tr>', html, re.S
    )
    return match.group(1), match.group(2)


def test_a_broken_service_link_is_a_warning_until_it_works(
    sites, item, linked, admin_client, django_capture_on_commit_callbacks
):
    sites.answers["/flaky"] = (404, "")
    service = item(sites.url + "/flaky")
    linked(service)
    assert row(admin_client)[0] == "ok"
    with django_capture_on_commit_callbacks(execute=True):
        for hours in (0, 1):
            with time_machine.travel(T0 + timedelta(hours=hours), tick=False):
                patrol.patrol()
    status, text = row(admin_client)
    assert status == "warning" and "部门统计调查项目审批" in text
    assert f"/admin/govservice/items/{service.pk}/checks/" in text
    # Its words are translated, not written in Chinese: in English, only the data is.
    with translation.override("en"):
        indicator = broken_links(Site.objects.get(is_default_site=True))
    words = [indicator.title, indicator.summary, indicator.rule]
    result = type(service).objects.get(pk=service.pk).last_result  # the patrol's
    words += [e.label.replace(service.name, "").replace(result, "") for e in indicator.evidence]
    assert not [w for w in words if re.search(r"[\u4e00-\u9fff]", w)], words

    sites.answers["/flaky"] = (200, "<title>部门统计调查项目审批</title>")
    recovery = time_machine.travel(T0 + timedelta(hours=2), tick=False)
    with django_capture_on_commit_callbacks(execute=True), recovery:
        patrol.patrol()
    assert row(admin_client)[0] == "ok"
