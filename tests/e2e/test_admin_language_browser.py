"""What the admin's scripts draw is Chinese too (issue 24.10): the dashboard, the explorer
and the editor of a bundle in review, in Chromium. Apart from test_admin_language.py,
whose crawl rolls back: a module of committing tests runs after those that roll back."""

import os

import pytest

from tests.e2e.admin_crawl import english_words

USERNAMES = {"drafter"}  # the test's drafter, named where the admin names a user


# What the page shows once its scripts ran: the text on screen, and the placeholder,
# aria-label and title of every element that is displayed.
READ_SCREEN = """() => {
  const texts = [document.body.innerText];
  for (const el of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
    if (!el.getClientRects().length) continue;
    for (const name of ["placeholder", "aria-label", "title"]) {
      const value = el.getAttribute(name);
      if (value) texts.push(value);
    }
  }
  return texts;
}"""


def _login(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def _english_on_screen(page) -> list[str]:
    texts = page.evaluate(READ_SCREEN)
    if os.environ.get("DEBUG_ENGLISH"):
        for text in texts:
            for line in text.splitlines():
                if english_words(line, USERNAMES):
                    print("ENGLISH:", page.url, repr(line[:200]))
    return sorted({w for text in texts for w in english_words(text, USERNAMES)})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_what_the_admin_scripts_draw_is_in_chinese(new_page, bundle, drafter, reviewers):
    """The dashboard, the explorer and the editor (its rich-text toolbar, side panels and
    the lock banner of a bundle in review) as the drafter and the first reviewer see them."""
    from tests.conftest import submit

    policy, interpretation = bundle
    submit(policy, drafter)
    english = {}
    for username in ("drafter", reviewers[0].username):
        page = new_page()
        _login(page, username)
        for url in (
            "/admin/",
            f"/admin/pages/{policy.get_parent().pk}/",
            f"/admin/pages/{policy.pk}/edit/",
            f"/admin/pages/{interpretation.pk}/edit/",
        ):
            page.goto(url)
            page.wait_for_load_state("networkidle")
            editor = page.locator(".Draftail-Editor [contenteditable=true]").first
            if editor.count():
                editor.evaluate("el => el.focus()")  # the rich-text toolbar appears
                page.keyboard.type("统计")
            for toggle in page.locator("[data-side-panel-toggle]").all():
                if toggle.is_visible():
                    toggle.click()  # each side panel: status, checks, preview …
                    found = _english_on_screen(page)
                    if found:
                        english[f"{username} {url} {toggle.get_attribute('aria-label')}"] = found
            found = _english_on_screen(page)
            if found:
                english[f"{username} {url}"] = found
    assert not english, "\n".join(f"{where}: {' '.join(w)}" for where, w in english.items())
