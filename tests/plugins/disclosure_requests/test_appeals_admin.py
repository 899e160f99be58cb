"""The disclosure office records appeals (行政复议、行政诉讼) in the admin: against a request
by its number or standalone, with the result and its day; the listing filters by kind,
result and year."""

from datetime import date

import pytest
from wagtail import hooks

from cms.access.roles import Role
from cms.models import Agency
from plugins.disclosure_requests.models import Appeal
from plugins.disclosure_requests.wagtail_hooks import StatisticsMenuItem

pytestmark = pytest.mark.django_db

URL = "/admin/disclosure-appeals/"


@pytest.fixture
def received(make_request, time_machine):
    time_machine.move_to("2026-07-01 10:00 +08:00")
    return make_request(state="assigned", received_on=date(2026, 3, 2))


def _post(client, agency, **fields):
    data = {
        "kind": "review",
        "case_number": "测复〔2026〕12号",
        "agency": agency.pk,
        "request_reference": "",
        "filed_on": "2026-04-01",
        "decided_on": "",
        "result": "pending",
        "note": "",
        **fields,
    }
    return client.post(URL + "new/", data)


def test_the_office_records_an_appeal_against_a_request(client, office, agency, received):
    client.force_login(office)
    assert client.get(URL + "new/").status_code == 200
    response = _post(client, agency, request_reference=received.reference)
    assert response.status_code == 302, response.context["form"].errors
    appeal = Appeal.objects.get()
    assert (appeal.request, appeal.kind, appeal.result) == (received, "review", "pending")
    # Decided later: the result with its day.
    edit = client.get(f"{URL}edit/{appeal.pk}/")
    assert edit.context["form"].initial["request_reference"] == received.reference
    response = client.post(
        f"{URL}edit/{appeal.pk}/",
        {
            **edit.context["form"].initial,
            "agency": agency.pk,
            "filed_on": "2026-04-01",
            "decided_on": "2026-06-01",
            "result": "corrected",
        },
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.result, appeal.decided_on) == ("corrected", date(2026, 6, 1))


def test_a_standalone_appeal_needs_no_request(client, office, agency, time_machine):
    time_machine.move_to("2026-05-02 10:00 +08:00")
    client.force_login(office)
    response = _post(client, agency, kind="litigation_direct")
    assert response.status_code == 302
    assert Appeal.objects.get().request is None


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"request_reference": "2026-99999"},
            "request_reference",
            "没有编号为“2026-99999”的申请。",
        ),
        ({"request_reference": "申请"}, "request_reference", "没有编号为“申请”的申请。"),
        ({"result": "upheld"}, "decided_on", "请填写复议决定或判决、裁定的日期。"),
        ({"decided_on": "2026-05-01"}, "result", "已审结的案件请选择结果。"),
        (
            {"decided_on": "2026-03-01", "result": "upheld"},
            "decided_on",
            "审结日期不能早于立案日期。",
        ),
        ({"filed_on": "2026-12-01"}, "filed_on", "日期不能晚于今天。"),
    ],
)
def test_inconsistent_entries_are_refused_in_chinese(
    client, office, agency, received, fields, field, message
):
    client.force_login(office)
    response = _post(client, agency, **fields)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Appeal.objects.exists()


def test_a_request_of_another_agency_is_refused(client, office, received):
    other = Agency.objects.create(name="测试市民政局", short_name="测民", org_code="000014350")
    client.force_login(office)
    response = _post(client, other, request_reference=received.reference)
    assert response.context["form"].errors["request_reference"] == [
        f"申请 {received.reference} 是向测试市统计局提出的，不是向本机关。"
    ]


def test_the_listing_filters_by_kind_result_and_year(client, office, agency, received):
    for kind, filed, result, case in [
        ("review", date(2026, 1, 5), "upheld", "甲"),
        ("litigation_direct", date(2026, 2, 5), "pending", "乙"),
        ("review", date(2025, 6, 5), "corrected", "丙"),
    ]:
        Appeal.objects.create(
            agency=agency,
            kind=kind,
            filed_on=filed,
            result=result,
            case_number=case,
            decided_on=filed if result != "pending" else None,
        )
    client.force_login(office)

    def listed(**query):
        response = client.get(URL, query)
        assert response.status_code == 200
        return sorted(a.case_number for a in response.context["object_list"])

    assert listed() == ["丙", "乙", "甲"]
    assert listed(kind="review") == ["丙", "甲"]
    assert listed(result="pending") == ["乙"]
    assert listed(year="2025") == ["丙"]
    assert listed(kind="review", year="2026") == ["甲"]
    assert listed(year="x") == ["丙", "乙", "甲"]  # an odd year is no filter, not an error


def test_only_the_office_reaches_the_appeals(client, outsider):
    client.force_login(outsider)
    response = client.get(URL)
    assert (response.status_code, response.url) == (302, "/admin/")


def test_the_menus_show_the_statistics_and_appeals_to_the_office_only(rf, office, outsider):
    [item] = [
        item
        for item in (fn() for fn in hooks.get_hooks("register_reports_menu_item"))
        if isinstance(item, StatisticsMenuItem)
    ]
    request = rf.get("/admin/")
    assert str(item.label) == "依申请公开统计" and item.url == "/admin/disclosure-statistics/"
    request.user = office
    assert item.is_shown(request)
    request.user = outsider
    assert not item.is_shown(request)


def test_the_editorial_director_has_no_right_to_requests_or_appeals(roles):
    """Requests and appeals hold applicants' data: the office records appeals, not the
    editorial director (who once handled requests through role_permissions)."""
    director = roles[Role.EDITORIAL_DIRECTOR]
    apps = set(director.permissions.values_list("content_type__app_label", flat=True))
    assert "disclosure_requests" not in apps


def test_the_migration_takes_back_what_the_director_was_given(roles):
    import importlib

    from django.apps import apps as django_apps
    from django.contrib.auth.models import Permission

    director = roles[Role.EDITORIAL_DIRECTOR]
    director.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="disclosure_requests",
            codename__in=["handle_request", "approve_request", "view_appeal"],
        )
    )
    migration = importlib.import_module(
        "plugins.disclosure_requests.migrations.0003_director_revoked"
    )
    migration.revoke(django_apps, None)
    apps = set(director.permissions.values_list("content_type__app_label", flat=True))
    assert "disclosure_requests" not in apps and "wagtailadmin" in apps
