"""Every public page type passes axe-core (WCAG 2.1 AA) in Chromium (issue 30 item 5).

One browser, one live server, the demo's content: each page type at 1366 px and 390 px,
in the normal and the elder mode (长者模式), with no serious or critical violation; a
screenshot of each in each mode and width goes to ARTIFACTS_DIR (default test-artifacts/,
ignored by git). The keyboard: the skip link is the first thing Tab reaches, it moves the
focus to the content, and the focus is visible.
"""

import os
import re
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from tests.e2e.conftest import RECORD_VIOLATIONS


@pytest.fixture
def axe_script(chromium):
    """axe-core as axe-playwright-python bundles it (the test extra); missing, the test is
    skipped like the other browser tests, and fails under REQUIRE_BROWSER=1."""
    try:
        from axe_playwright_python.base import AXE_SCRIPT
    except ImportError:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("axe-playwright-python is not installed", pytrace=False)
        pytest.skip("axe-playwright-python is not installed")
    return AXE_SCRIPT


pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (1366, 390)
SERIOUS = {"serious", "critical"}
# WCAG 2.0/2.1 A and AA, and axe's best practices (landmarks, one h1, heading order …).
# No CSSOM preload: it fetches every stylesheet again for one rule (css-orientation-lock),
# and the site's styles never lock the orientation.
EVERY_RULE = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
    "preload": False,
}
# The page's HTML is the same at every width and in both modes (the mode is a class on
# <html>): what changes is what the styles draw. The other combinations run the rules that
# depend on it; the whole set runs on each page at 1366 px, normal, and on the elder
# mode's own controls.
DRAWN_RULES = {
    "runOnly": {
        "type": "rule",
        "values": ["color-contrast", "link-in-text-block", "scrollable-region-focusable"],
    },
    "resultTypes": ["violations"],
    "preload": False,
}


@pytest.fixture
def artifacts(request):
    folder = Path(os.environ.get("ARTIFACTS_DIR") or "test-artifacts") / "accessibility"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def public_pages() -> dict[str, str]:
    """One address of each public page type in the demo (a name for its screenshot)."""
    from cms.models import (
        AnnualReportIndexPage,
        AnnualReportPage,
        DisclosureGuidePage,
        HomePage,
        PolicyLibraryPage,
        PolicyPage,
        WebsiteReportIndexPage,
        WebsiteReportPage,
    )
    from interpretations.models import InterpretationPage
    from plugins.consultation.models import Comment, ConsultationIndexPage, ConsultationPage

    def first(model):
        page = model.objects.live().public().order_by("path").first()
        assert page is not None, f"the demo has no live {model.__name__}"
        return page.url

    interpretation = InterpretationPage.objects.live().public().order_by("path").first()
    policy = PolicyPage.objects.get(pk=interpretation.get_parent().pk)
    # An open one: its comment form shows.
    now = timezone.now()
    consultation = (
        ConsultationPage.objects.live().public().filter(opens_at__lte=now, closes_at__gt=now)
    ).first()
    assert consultation is not None, "the demo has no open consultation"
    # A comment answered in published feedback: its tracking page shows the answer.
    answered = Comment.objects.filter(
        consultation__feedback__published_at__isnull=False, disposition__state="approved"
    ).first()
    assert answered is not None, "the demo has no comment answered in published feedback"
    return {
        "home": first(HomePage),
        "library": first(PolicyLibraryPage),
        "policy": policy.url,
        "interpretation": interpretation.url,
        "search": "/search/?q=政务公开",
        "messages": "/messages/",
        "messages-track": "/messages/track/",
        "validity-in-force": "/validity/in-force/",
        "consultations": first(ConsultationIndexPage),
        "consultation": consultation.url,
        "consultation-track": f"/consultations/track/?code={answered.tracking_code}",
        "disclosure-apply": "/disclosure-requests/",
        "disclosure-track": "/disclosure-requests/track/",
        "catalogue": "/catalogue/",
        "disclosure-guide": first(DisclosureGuidePage),
        "annual-reports": first(AnnualReportIndexPage),
        "annual-report": first(AnnualReportPage),
        "website-reports": first(WebsiteReportIndexPage),
        "website-report": first(WebsiteReportPage),
        "subscribe": "/subscribe/",
        "not-found": "/no-such-page/",
    }


def serious_violations(page, options) -> list[str]:
    results = page.evaluate("options => axe.run(document, options)", options)
    found = []
    for violation in results["violations"]:
        if violation["impact"] in SERIOUS:
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def is_elder(page) -> bool:
    return page.evaluate("document.documentElement.classList.contains('elder')")


def check_keyboard(page, problems):
    """Tab first reaches the skip link (shown, with a focus ring); Enter moves the focus
    to the content; the next Tab lands inside it, with a focus ring too."""
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
        const el = document.activeElement, box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return {text: el.innerText, href: el.getAttribute("href"), top: box.top,
                height: box.height, outline: style.outlineStyle};
    }"""
    )
    if focused["text"] != "跳到正文" or focused["href"] != "#main":
        problems["keyboard"] = [f"the first Tab reached {focused}, not the skip link"]
        return
    if focused["top"] < 0 or focused["height"] < 20 or focused["outline"] == "none":
        problems["keyboard"] = [f"the focused skip link is not visible: {focused}"]
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.id") != "main":
        problems["keyboard"] = ["the skip link did not move the focus to the content"]
    page.keyboard.press("Tab")
    inside = page.evaluate(
        """() => { const el = document.activeElement;
        return [el.closest("main") !== null, getComputedStyle(el).outlineStyle]; }"""
    )
    if inside != [True, "solid"]:
        problems["keyboard"] = [f"after the skip link, Tab reached {inside} (in main, outline)"]


def check_elder_mode(page, context, pages, problems, axe_script):
    """The mode's button at the top, pressed with the keyboard, turns it on; it is kept
    across pages without a cookie; the text-size buttons step the body text 18, 20, 24 px;
    pressed again, the mode is off everywhere."""
    page.goto(pages["home"])
    body_size = "parseFloat(getComputedStyle(document.body).fontSize)"
    normal = page.evaluate(body_size)
    page.locator(".access-bar [data-elder=toggle]").focus()
    page.keyboard.press("Enter")
    sizes = [page.evaluate(body_size)]
    plain_link_hidden = page.locator(".access-bar .elder-link").is_hidden()
    page.evaluate(axe_script)
    found = serious_violations(page, EVERY_RULE)  # the mode's own controls, now shown
    if found:
        problems["elder mode's controls"] = found
    page.keyboard.press("Tab")  # to 文字缩小, then 文字放大
    page.keyboard.press("Tab")
    for _ in range(3):  # the third press is refused: 24 px is the largest
        page.keyboard.press("Enter")
        sizes.append(page.evaluate(body_size))
    stored = page.evaluate("localStorage.getItem('policy-cms-elder')")
    page.goto(pages["policy"])
    kept = is_elder(page) and page.evaluate(body_size) == sizes[-1] and stored == "3"
    line_height = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
    target = page.locator(".access-bar [data-elder=larger]").bounding_box()
    for _ in range(2):
        page.click(".access-bar [data-elder=smaller]")
    back = page.evaluate(body_size)
    page.click(".access-bar [data-elder=toggle]")
    page.goto(pages["home"])
    off = not is_elder(page) and page.evaluate(body_size) == normal
    facts = {
        "sizes": sizes,
        "plain link hidden": plain_link_hidden,
        "kept": kept,
        "line-height": line_height / sizes[-1],
        "target": target,
        "back": back,
        "off": off,
        # Django's own, if a form set one: nothing of the mode.
        "cookies": {c["name"] for c in context.cookies()}
        <= {settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME},
    }
    if not (
        normal < 18
        and plain_link_hidden
        and sizes == [18, 20, 24, 24]
        and kept
        and line_height / sizes[-1] >= 1.3
        and target["height"] >= 44
        and back == 18
        and off
        and facts["cookies"]
    ):
        problems["elder mode"] = [str(facts)]


def check_without_scripts(chromium, live_server, problems):
    """Without scripts the plain link at the top still turns the mode on, for its page."""
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    body_size = "parseFloat(getComputedStyle(document.body).fontSize)"
    before = page.evaluate(body_size)
    page.click(".access-bar .elder-link")
    after = page.evaluate(body_size)
    buttons = page.locator(".access-bar [data-elder=toggle]").is_visible()
    context.close()
    if not (before < 18 and after == 18 and not buttons):
        problems["elder mode without scripts"] = [f"{before} px → {after} px, buttons {buttons}"]


def press_elder(page):
    page.click(".access-bar [data-elder=toggle]")


def demo_codes(output: str) -> dict[str, tuple[str, ...]]:
    """The tracking codes load_demo prints for the public tracking pages."""
    disclosure = re.search(r"requests/track/（演示查询码 (\w+)，联系电话 ([\d-]+)）", output)
    message = re.search(r"messages/track/（演示查询码 (\w+)）", output)
    assert disclosure and message, "load_demo no longer prints the demo's tracking codes"
    return {"disclosure": disclosure.groups(), "message": message.groups()}


def sent(page, form):
    """Send a form as it is and wait for the answer: the server's, also where the browser
    would check the fields first (the subscription form)."""
    page.locator(form).evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()


def forms_sent(pages, codes):
    """The public forms sent empty (each field's error tied to it) and the tracking pages
    showing a found item: (name, the page, what to do on it)."""
    message_code = codes["message"][0]
    disclosure_code, phone = codes["disclosure"]

    def track(code, contact=None):
        def fill(page):
            page.fill("#id_code", code)
            if contact:
                page.fill("#id_contact", contact)
            sent(page, ".track-form")

        return fill

    return [
        ("messages-errors", pages["messages"], lambda page: sent(page, ".message-form")),
        ("consultation-errors", pages["consultation"], lambda page: sent(page, ".comment-form")),
        ("disclosure-apply-errors", pages["disclosure-apply"], lambda p: sent(p, ".request-form")),
        ("disclosure-track-errors", pages["disclosure-track"], lambda p: sent(p, ".track-form")),
        ("comment-track-errors", "/consultations/track/", lambda p: sent(p, ".track-form")),
        ("messages-track-errors", pages["messages-track"], lambda p: sent(p, ".track-form")),
        ("subscribe-errors", pages["subscribe"], lambda page: sent(page, ".subscribe-form")),
        ("messages-track-found", pages["messages-track"], track(message_code)),
        ("disclosure-track-found", pages["disclosure-track"], track(disclosure_code, phone)),
    ]


# Every field marked invalid names its error (and help text) by ids that exist; a radio
# button or box, through its group's fieldset.
UNTIED_ERRORS = """() => {
  const untied = [];
  for (let el of document.querySelectorAll("[aria-invalid=true], fieldset[aria-describedby]")) {
    if (el.matches("[type=radio], [type=checkbox]")) el = el.closest("fieldset") || el;
    const ids = (el.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
    const errors = ids.filter(id => document.getElementById(id)?.classList.contains("errorlist"));
    if (!errors.length || ids.some(id => !document.getElementById(id))) {
      untied.push(el.outerHTML.slice(0, 120));
    }
  }
  return untied;
}"""


# In the elder mode, the tap areas of radios and boxes (their labels), a clause's “#” and
# 对本条提意见, and the message board's tracking link are at least 44 × 44 px.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    "label:has(> input:is([type=radio], [type=checkbox])), .clause-actions a, .track-link")]
  .filter(el => el.offsetParent)
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => r.height < 44 || r.width < 44)
  .map(([el, r]) => `${el.outerHTML.slice(0, 80)} ${Math.round(r.width)}×${Math.round(r.height)}`)
"""


def test_every_public_page_type_passes_axe_in_both_modes_and_widths(
    chromium, live_server, artifacts, axe_script
):
    started = time.monotonic()
    out = StringIO()
    call_command("load_demo", stdout=out)
    loaded = time.monotonic() - started
    pages = public_pages()
    context = chromium.new_context(base_url=live_server.url, locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    # Pages asked for a 404 or sent with errors answer 4xx on purpose: what must load is
    # everything they use (styles, scripts, images).
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and "Failed to load resource" not in m.text
            and errors.append(f"{page.url}: {m.text}")
        ),
    )
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and r.request.resource_type != "document"
            and errors.append(f"{page.url}: {r.status} {r.url}")
        ),
    )
    problems = {}
    check_keyboard(page, problems)
    check_elder_mode(page, context, pages, problems, axe_script)
    check_without_scripts(chromium, live_server, problems)

    def check(name, url, width, mode, options):
        found = serious_violations(page, options)
        if found:
            problems[f"{name} {url} {width}px {mode}"] = found
        shot = artifacts / f"{name}-{width}-{mode}.jpg"
        page.screenshot(path=str(shot), full_page=True, type="jpeg", quality=70)

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            response = page.goto(url)
            assert response.status == (404 if name == "not-found" else 200), (name, url)
            page.evaluate(axe_script)
            check(name, url, width, "normal", EVERY_RULE if width == WIDTHS[0] else DRAWN_RULES)
            press_elder(page)  # the same page in the elder mode, then back
            assert is_elder(page), (name, url)
            check(name, url, width, "elder", DRAWN_RULES)
            small = page.evaluate(SMALL_TARGETS)
            if small:
                problems[f"{name} {url} {width}px elder: targets below 44 px"] = small
            press_elder(page)
            errors.extend(page.evaluate("window.__cspViolations"))
    # The forms sent empty, and the tracking pages with what they found, at 1366 px.
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    for name, url, act in forms_sent(pages, demo_codes(out.getvalue())):
        page.goto(url)
        act(page)
        page.evaluate(axe_script)
        check(name, url, WIDTHS[0], "normal", EVERY_RULE)
        if name.endswith("-errors"):
            untied = page.evaluate(UNTIED_ERRORS)
            invalid = page.locator("[aria-invalid=true]").count()
            if untied or not invalid:
                problems[f"{name} errors"] = [f"{invalid} invalid fields; not tied: {untied}"]
        press_elder(page)
        check(name, url, WIDTHS[0], "elder", DRAWN_RULES)
        press_elder(page)
        errors.extend(page.evaluate("window.__cspViolations"))
    # 200 % zoom on a phone, in the elder mode: half its width, and no page scrolls sideways.
    page.set_viewport_size({"width": WIDTHS[-1] // 2, "height": 450})
    press_elder(page)
    for name, url in pages.items():
        page.goto(url)
        wide = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        if wide > 0:
            problems[f"{name} {url} elder at 200 %"] = [f"{wide}px wider than the screen"]
    context.close()
    report = "\n".join(f"{where}:\n  " + "\n  ".join(v) for where, v in problems.items())
    print(f"demo loaded in {loaded:.1f} s; crawl {time.monotonic() - started - loaded:.1f} s")
    assert not problems, report
    assert not errors, errors
