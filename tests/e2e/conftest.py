"""Headless Chromium (Debian's package) driven by Playwright against the live test server.

Skipped where no Chromium or Playwright is installed, unless REQUIRE_BROWSER=1 (CI).
"""

import os
import shutil
import tempfile

import pytest

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not os.path.exists(CHROMIUM):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture
def chromium(transactional_db, monkeypatch):
    """Chromium for one test. Function-scoped on purpose: Playwright's sync API runs an
    event loop in this thread, and while it runs Django's context-local connections are
    not the ones that hold the serialized database, so a browser started before the test
    database is set up would see it empty."""
    missing = _missing()
    if missing:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(missing, pytrace=False)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # are still synchronous, so Django's async guard is lifted for the browser test, and
    # only for it: monkeypatch restores the environment when the test ends, or every later
    # test (and the subprocesses they start, like `check --deploy`) would inherit it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()
        # ORM calls made while Playwright's loop ran opened connections in that context;
        # close them here, or PostgreSQL refuses to drop the test database at the end.
        from django.db import connections

        connections.close_all()


# Chromium reports a violation of the Content Security Policy on the console; the page's
# own record of them is read as well for the last page each user was on.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


@pytest.fixture
def new_page(chromium, live_server):
    """A fresh browser context per user, so each logs in on their own.

    A test fails if any page it opened broke the Content Security Policy or logged an
    error to the console: both mean something the user should see did not run."""
    contexts = []
    problems = []

    def watch(page):
        def on_console(message):
            if message.type == "error":
                problems.append(f"{page.url}: console: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))

    def make():
        context = chromium.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(20_000)
        context.add_init_script(RECORD_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        watch(page)
        return page

    yield make
    for context in contexts:
        for page in context.pages:
            if not page.is_closed():
                for violation in page.evaluate("window.__cspViolations || []"):
                    problems.append(f"{page.url}: CSP: {violation}")
        context.close()
    assert not problems, "\n".join(dict.fromkeys(problems))


@pytest.fixture
def screenshots():
    folder = os.environ.get("E2E_SCREENSHOTS") or tempfile.mkdtemp(prefix="e2e-")
    os.makedirs(folder, exist_ok=True)
    return folder
