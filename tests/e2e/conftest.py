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
def chromium(transactional_db):
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
    # are still synchronous, so Django's async guard is lifted for the browser tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()
        # ORM calls made while Playwright's loop ran opened connections in that context;
        # close them here, or PostgreSQL refuses to drop the test database at the end.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def new_page(chromium, live_server):
    """A fresh browser context per user, so each logs in on their own."""
    contexts = []

    def make():
        context = chromium.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def screenshots():
    folder = os.environ.get("E2E_SCREENSHOTS") or tempfile.mkdtemp(prefix="e2e-")
    os.makedirs(folder, exist_ok=True)
    return folder
