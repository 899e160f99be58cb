"""The annual disclosure report reads the plugin's counts: 三 from the requests handled
through the state machine, 六's fees notified and collected by the day each happened."""

from decimal import Decimal

from django.utils.html import escape

from cms.reports.assembly import assemble
from cms.reports.drafts import start_draft
from plugins.disclosure_requests import states
from plugins.disclosure_requests.fee_stats import fees_table
from plugins.disclosure_requests.models import DisclosureRequest


def reread(request):
    return DisclosureRequest.objects.get(pk=request.pk)


def test_the_report_counts_requests_and_fees(
    make_request,
    office,
    office_head,
    division,
    division_staff,
    agency,
    time_machine,
    client,
    django_user_model,
):
    time_machine.move_to("2025-11-03 09:00 +08:00")
    request = make_request()
    states.confirm(request, office, division=division)
    states.notify_fee(reread(request), office, "pages", pages=120)  # 1,100 yuan
    time_machine.move_to("2025-11-10 09:00 +08:00")
    unpaid = make_request(name="李四")
    states.confirm(unpaid, office, division=division)
    states.notify_fee(reread(unpaid), office, "pages", pages=40)  # 100 yuan, never paid
    time_machine.move_to("2026-01-05 09:00 +08:00")
    states.fee_paid(reread(request), office)  # paid in the next year
    states.draft(reread(request), division_staff, "partly", "答复正文。", reason="涉及第三方")
    states.review(reread(request), office)
    states.approve(reread(request), office_head)
    states.send(reread(request), office, "邮寄")

    fees_2025, fees_2026 = fees_table(2025, agency), fees_table(2026, agency)
    assert dict(fees_2025.row("notified").cells) == {"count": 2, "amount": Decimal("1200.00")}
    assert dict(fees_2025.row("collected").cells) == {"count": 0, "amount": Decimal("0.00")}
    assert dict(fees_2026.row("collected").cells) == {"count": 1, "amount": Decimal("1100.00")}

    tables = {(t.section, t.key): t for t in assemble(agency, 2026)}
    assert tables["六", "fees"].source == "disclosure_requests"
    requests = tables["三", "requests"]
    assert requests.source == "disclosure_requests"
    assert requests.cell("partly", "person") == 1
    assert requests.cell("carried", "person") == 2  # received in 2025
    assert requests.cell("next", "person") == 1  # the unpaid one, still open

    # Each outcome cell links to the requests it counts, in the admin's listing.
    link = requests.row("partly").links["person"]
    assert "outcome=partly" in link and "closed_year=2026" in link
    client.force_login(office)
    html = client.get(link).content.decode()
    assert reread(request).reference in html and reread(unpaid).reference not in html
    # 六's cells link to the requests whose fee notices they count.
    listed = client.get(fees_2025.row("notified").links["amount"]).context["page_obj"]
    assert {item.pk for item in listed} == {request.pk, unpaid.pk}
    listed = client.get(fees_2026.row("collected").links["count"]).context["page_obj"]
    assert [item.pk for item in listed] == [request.pk]
    # The report's editor shows the cell as that link.
    report = start_draft(agency, 2026)
    client.force_login(django_user_model.objects.create_superuser("root_ar"))
    html = client.get(f"/admin/pages/{report.pk}/edit/").content.decode()
    assert escape(link) in html
