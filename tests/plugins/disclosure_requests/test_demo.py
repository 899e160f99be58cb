"""The demo's requests: every state, replayed on their own days across 2025 and 2026, the
office's users, loaded twice without a change."""

from datetime import date

import docx
import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from cms.models import Agency, Division
from plugins.disclosure_requests.demo import load_demo_requests, walkthrough
from plugins.disclosure_requests.demo.load import tracking_code
from plugins.disclosure_requests.models import Appeal, DisclosureRequest

pytestmark = pytest.mark.django_db
S = DisclosureRequest.State


@pytest.fixture
def demo_division(roles):
    """What the core's demo made that the requests need: the bureau, the division and its
    drafter (cms/demo)."""
    agency = Agency.objects.create(
        name="江岭市统计局", short_name="江统", org_code="11350200MB0001", region="江岭市"
    )
    division = Division.objects.create(agency=agency, name="国民经济核算处")
    drafter = get_user_model().objects.create_user("drafter12", password="pw")
    drafter.groups.add(roles["撰稿人"])
    division.members.add(drafter)
    return division


def by_code(key):
    return DisclosureRequest.objects.get(tracking_code=tracking_code(key))


def test_the_demo_has_every_state_and_loads_twice(demo_division, time_machine, client):
    time_machine.move_to("2026-12-03 08:00 +08:00")  # a Thursday
    made = load_demo_requests()
    assert made == DisclosureRequest.objects.count() == 23
    assert load_demo_requests() == 0  # the second load adds nothing
    assert DisclosureRequest.objects.count() == 23 and Appeal.objects.count() == 2
    assert set(DisclosureRequest.objects.values_list("state", flat=True)) == set(S.values)

    # Both years have requests received and closed; one crosses the year's end.
    crossing = by_code("third-party-dec-2025")
    assert (crossing.received_on, crossing.closed_on) == (date(2025, 12, 22), date(2026, 1, 19))
    assert crossing.letter.number.endswith("〔2026〕第1号")
    assert by_code("disclosed-2025").letter.number.endswith("〔2025〕第1号")
    closed = DisclosureRequest.objects.filter(state=S.CLOSED)
    assert {r.closed_on.year for r in closed} == {2025, 2026}
    assert {r.outcome for r in closed} >= {
        "disclosed",
        "partly",
        "unavailable_not_held",
        "not_processed_repeat",
        "withheld_process",
        "other_unsupplemented",
        "unavailable_not_made",
    }
    # The steps happened on their days: the audit log says so, and so do the clocks.
    extended = by_code("partly-extended-2025")
    assert extended.extended_days == 10
    entry = ModelLogEntry.objects.get(
        object_id=str(extended.pk), action="disclosure_requests.extend"
    )
    assert entry.timestamp.date() == date(2025, 6, 5)
    assert by_code("fee-2026").fee.paid_on == date(2026, 3, 16)
    assert by_code("supplemented-2026").clock_from == date(2026, 6, 22)
    assert by_code("repeat-2026").earlier_request == by_code("disclosed-2025")
    assert by_code("merged").merged_into == by_code("submitted")

    # The open ones are where the walkthrough says: one overdue, one due within three
    # working days, the office's work waiting.
    assert by_code("overdue").due_on == date(2026, 11, 30)
    assert by_code("due-soon").due_on == date(2026, 12, 7)
    assert "〔2026〕第" in by_code("approved").letter.number
    # Every approved letter has its Word file, numbered as approved on its day.
    letters = [r.letter for r in DisclosureRequest.objects.filter(state__in=[S.APPROVED, S.CLOSED])]
    assert len(letters) == 11 and all(letter.file for letter in letters)
    with crossing.letter.file.open("rb") as handle:
        text = "\n".join(p.text for p in docx.Document(handle).paragraphs)
    assert "〔2026〕第1号" in text and "行政复议" in text
    assert by_code("third-party").pauses.get().ended_on is None
    assert by_code("fee").fee.paid_on is None

    # The office's users log in with the demo password.
    assert client.login(username="gkb", password="demo-2026")
    assert (
        get_user_model()
        .objects.get(username="gkb_head")
        .has_perm("disclosure_requests.approve_request")
    )
    lines = walkthrough("http://127.0.0.1:8000")
    assert tracking_code("fee-2026") in lines[1] and "0592-5203456" in lines[1]
    # The code and the phone the walkthrough names open the request and its letter.
    given = {"code": tracking_code("fee-2026"), "contact": "0592-5203456"}
    page = client.post("/disclosure-requests/track/", given).content.decode()
    assert by_code("fee-2026").reference in page and "已答复" in page and "下载答复告知书" in page
    download = client.post("/disclosure-requests/track/letter/", given)
    assert download.status_code == 200 and download["Content-Type"].endswith("document")


def test_without_the_core_demo_nothing_is_loaded(db):
    assert load_demo_requests() == 0
    assert not DisclosureRequest.objects.exists()
