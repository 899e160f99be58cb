"""The office's admin pages in headless Chromium at 1280 and 390 pixels wide: the wide
statistics table scrolls in its box with the row names kept in view (its 总计 column is
reachable), the listing's overdue badge stays on one line and its filters within the
screen, and the request page's facts stack on a phone instead of wrapping every two
characters."""

import os

import pytest

from plugins.disclosure_requests import states
from tests.e2e.test_bundle_browser import signed_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def test_wide_tables_and_a_phone(
    new_page,
    live_server,
    screenshots,
    office,
    division,
    make_request,
    time_machine,
):
    time_machine.move_to("2026-10-01 09:00 +08:00", tick=True)
    request = make_request()
    states.confirm(request, office, division=division)
    time_machine.move_to("2026-12-03 09:00 +08:00", tick=True)  # long overdue
    page = signed_in(new_page, live_server, office)

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/admin/disclosure-statistics/")
    box = page.locator(".disclosure-scroll").first
    total = box.locator("thead th", has_text="总计").first
    # The table fits the page or scrolls inside its box: the page itself never does.
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    total.scroll_into_view_if_needed()
    bounds, frame = total.bounding_box(), box.bounding_box()
    assert bounds["x"] + bounds["width"] <= frame["x"] + frame["width"] + 1
    first = box.locator("tbody th").first
    assert first.evaluate("e => getComputedStyle(e).position") == "sticky"
    assert first.bounding_box()["x"] >= frame["x"] - 1  # still in view once scrolled
    page.screenshot(path=os.path.join(screenshots, "disclosure-statistics-1280.png"))

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/admin/disclosure-statistics/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=os.path.join(screenshots, "disclosure-statistics-390.png"))

    page.goto(f"{live_server.url}/admin/disclosure-requests/")
    badge = page.locator(".overdue").first
    line = float(badge.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 24"))
    assert badge.bounding_box()["height"] < 2 * line  # one line, not a character a line
    for select in page.locator(".disclosure-filters select").all():
        edge = select.bounding_box()
        assert edge["x"] + edge["width"] <= PHONE["width"]
    page.screenshot(path=os.path.join(screenshots, "disclosure-listing-390.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/disclosure-requests/{request.pk}/")
    label = page.locator(".disclosure-facts th").first
    assert label.evaluate("e => getComputedStyle(e).display") == "block"
    assert label.bounding_box()["width"] > 200  # a full line, not two characters
    page.screenshot(path=os.path.join(screenshots, "disclosure-request-390.png"), full_page=True)
