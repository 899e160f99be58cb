"""A bundle's whole way through the real admin in headless Chromium, as its users do it."""

import os

import pytest

from cms.models import PolicyPage
from cms.roles import REVIEW_LEVELS
from interpretations.models import InterpretationPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def login(page, username, password="pw"):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def set_slug(page, slug):
    """The slug sits on the promote tab and is synced from the title after a delay; set it."""
    page.locator("#id_slug").evaluate("(el, value) => { el.value = value }", slug)


def saved(model, title, page):
    """The page the editor just saved; on failure, say what the form complained about."""
    found = model.objects.filter(title=title).first()
    errors = page.locator(".error-message, .help-critical").all_inner_texts()
    assert found is not None, f"{title} was not saved: {errors}"
    return found


def press(page, selector):
    """Click an action of the editor's footer menu (it may sit in a closed dropdown)."""
    with page.expect_navigation():
        page.locator(selector).first.evaluate("el => el.click()")


def test_drafter_submits_reviewers_approve_public_sees_both(
    new_page, agency, division, drafter, reviewers, admin_user, screenshots
):
    # A drafter writes a normative policy and saves a draft.
    editor = new_page()
    login(editor, "drafter")
    editor.goto(f"/admin/pages/add/cms/policypage/{agency.library.pk}/")
    editor.fill("#id_title", "江岭市统计用语规范管理办法")
    editor.fill("#id_doc_number", "测统规〔2026〕3号")
    editor.fill("#id_issued_on", "2026-11-20")
    editor.select_option("#id_agency", str(agency.pk))
    editor.select_option("#id_division", str(division.pk))
    editor.select_option("#id_doc_type", "normative")
    set_slug(editor, "tongji-yongyu")
    press(editor, "button.action-save")
    policy = saved(PolicyPage, "江岭市统计用语规范管理办法", editor)

    # Submitting it without an interpretation is returned (退文).
    press(editor, 'button[name="action-submit"]')
    assert "退文" in editor.content()
    editor.screenshot(path=os.path.join(screenshots, "1-returned.png"), full_page=True)
    assert policy.current_workflow_state is None

    # The drafter adds a synchronous interpretation, then submits the bundle.
    editor.goto(f"/admin/pages/add/interpretations/interpretationpage/{policy.pk}/")
    editor.fill("#id_title", "《江岭市统计用语规范管理办法》解读")
    editor.select_option("#id_form", "qa")
    set_slug(editor, "jiedu")
    press(editor, "button.action-save")
    saved(InterpretationPage, "《江岭市统计用语规范管理办法》解读", editor)
    editor.goto(f"/admin/pages/{policy.pk}/edit/")
    press(editor, 'button[name="action-submit"]')
    assert PolicyPage.objects.get(pk=policy.pk).current_workflow_state is not None

    # Four reviewers, each at their own level, approve the bundle in the editor.
    for level, reviewer in enumerate(reviewers, start=1):
        page = new_page()
        login(page, reviewer.username)
        page.goto(f"/admin/pages/{policy.pk}/edit/")
        if level == 1:
            page.screenshot(path=os.path.join(screenshots, "2-review.png"), full_page=True)

        press(
            page,
            'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])',
        )
        task = PolicyPage.objects.get(pk=policy.pk).current_workflow_task
        if level < len(REVIEW_LEVELS):
            assert task.name == f"{REVIEW_LEVELS[level]}审签"  # moved on to the next level

    policy = PolicyPage.objects.get(pk=policy.pk)
    interpretation = InterpretationPage.objects.get(title="《江岭市统计用语规范管理办法》解读")
    assert policy.live and interpretation.live

    # The public policy page shows the interpretation; the interpretation links back.
    public = new_page()
    public.goto(policy.url)
    public.screenshot(path=os.path.join(screenshots, "3-public.png"), full_page=True)
    with public.expect_navigation():
        public.click("text=《江岭市统计用语规范管理办法》解读")
    assert public.url.endswith(interpretation.url)
    with public.expect_navigation():
        public.click(".policy-link >> nth=0 >> a")
    assert public.url.endswith(policy.url)

    # The library's list and the search page, under the strict policy like every public
    # page (new_page fails the test on any violation or console error).
    public.goto(agency.library.url)
    assert "江岭市统计用语规范管理办法" in public.inner_text("main")
    public.goto("/search/?q=统计用语")
    public.goto("/admin/login/")

    # A superuser's dashboard and reports, which show more panels than a reviewer's.
    site_admin = new_page()
    login(site_admin, "admin", "password")
    site_admin.goto("/admin/reports/bundles/")
