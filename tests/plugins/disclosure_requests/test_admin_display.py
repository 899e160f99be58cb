"""What the request page shows of a reply: the outcome's own label (with its group's short
name where the group has several), the office's note beside a returned draft, the fee's
payment period, and a refused step's errors as one sentence."""

import pytest

from plugins.disclosure_requests import states
from plugins.disclosure_requests.admin_views import outcome_label
from plugins.disclosure_requests.models import DisclosureRequest

pytestmark = pytest.mark.django_db


def reread(request):
    return DisclosureRequest.objects.get(pk=request.pk)


def page_text(client, user, request):
    client.force_login(user)
    return client.get(f"/admin/disclosure-requests/{request.pk}/").content.decode()


def test_the_outcome_is_named_without_the_reports_numbering_or_footnote():
    assert outcome_label("partly") == "部分公开"
    assert outcome_label("disclosed") == "予以公开"
    assert outcome_label("withheld_process") == "不予公开 · 属于四类过程性信息"


def test_a_returned_draft_shows_the_offices_note(
    client, make_request, office, division, division_staff
):
    request = make_request()
    states.confirm(request, office, division=division)
    states.draft(reread(request), division_staff, "partly", "部分公开。", reason="部分涉密。")
    html = page_text(client, office, request)
    assert "部分公开" in html and "区分处理" not in html
    states.return_reply(reread(request), office, "请补充不予公开部分的法律依据。")
    html = page_text(client, division_staff, request)
    assert "公开办退回意见" in html and "请补充不予公开部分的法律依据。" in html
    # A new draft answers the note: it is no longer shown beside it.
    states.draft(reread(request), division_staff, "partly", "部分公开。", reason="依第十四条。")
    assert "公开办退回意见" not in page_text(client, division_staff, request)


def test_the_fee_line_names_the_payment_period(client, make_request, office, division):
    request = make_request()
    states.confirm(request, office, division=division)
    states.notify_fee(reread(request), office, "pages", 40)
    html = page_text(client, office, request)
    fee_line = html[html.index("<th>收费</th>") :][:600] if "<th>收费</th>" in html else html
    assert "缴费期限" in fee_line and "答复期限 " not in fee_line


def test_a_refused_step_lists_its_errors_without_doubled_punctuation(
    client, make_request, office, division, division_staff
):
    request = make_request()
    states.confirm(request, office, division=division)
    client.force_login(division_staff)
    response = client.post(
        f"/admin/disclosure-requests/{request.pk}/",
        {"action": "draft", "draft-outcome": "", "draft-text": ""},
        follow=True,
    )
    html = response.content.decode()
    assert "请检查表单：" in html and "此项必填" in html
    assert "。；" not in html


def test_the_listing_filters_name_the_agency_asked_not_the_issuing_agency(client, office):
    client.force_login(office)
    html = client.get("/admin/disclosure-requests/").content.decode()
    filters = html[html.index('class="disclosure-filters"') :]
    filters = filters[: filters.index("</form>")]
    assert "受理机关" in filters and "发文机关" not in filters
