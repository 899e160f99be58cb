"""A bundle's whole way through the real admin in headless Chromium, as its users do it."""

import os
import re

import pytest
from playwright.sync_api import expect

from cms.access.roles import REVIEW_LEVELS
from cms.models import PolicyPage
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


def signed_in(new_page, live_server, user):
    """A browser already signed in as `user` (a session made here, not through the login
    form, which the drafter's walk already covers)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page = new_page()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


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


APPROVE_IN_EDITOR = (
    'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
)


def notice(page) -> str:
    return " ".join(page.locator(".messages").all_inner_texts())


def level_name(level: int) -> str:
    return f"{REVIEW_LEVELS[level - 1]}审签"


def current_task(policy) -> str | None:
    task = PolicyPage.objects.get(pk=policy.pk).current_workflow_task
    return task.name if task else None


def approve_in_editor(page, policy, level):
    """更多动作 → 批准 in the editor, where the dashboard's title link leads (24.1)."""
    page.goto(f"/admin/pages/{policy.pk}/edit/")
    press(page, APPROVE_IN_EDITOR)
    said = notice(page)
    assert "已批准" in said and "已被更新" not in said, said
    if level < len(REVIEW_LEVELS):
        assert current_task(policy) == level_name(level + 1), said
        assert f"待第 {level + 1} 级审签" in said
    else:
        assert "已发布" in said


def approve_on_dashboard(page, policy, level):
    page.goto("/admin/")
    row = page.locator("tr", has_text=policy.title)
    row.locator(".w-dropdown__toggle").click()  # the row's 动作 menu
    with page.expect_navigation():
        row.locator(
            'button[data-workflow-action-url*="/approve/"]:not([data-launch-modal])'
        ).click()
    said = notice(page)
    if level < len(REVIEW_LEVELS):
        assert current_task(policy) == level_name(level + 1), said
        assert f"已批准“{policy.title}”，待第 {level + 1} 级审签" in said
    else:
        assert f"已批准“{policy.title}”，已发布" in said


def test_drafter_submits_reviewers_approve_public_sees_both(
    new_page,
    agency,
    division,
    drafter,
    reviewers,
    admin_user,
    make_policy,
    make_interpretation,
    live_server,
    screenshots,
):
    # A drafter writes a normative policy with topics and saves a draft.
    editor = new_page()
    login(editor, "drafter")
    editor.goto(f"/admin/pages/add/cms/policypage/{agency.library.pk}/")
    editor.fill("#id_title", "江岭市统计用语规范管理办法")
    editor.fill("#id_doc_number", "测统规〔2026〕3号")
    editor.fill("#id_issued_on", "2026-11-20")
    editor.select_option("#id_agency", str(agency.pk))
    editor.select_option("#id_division", str(division.pk))
    editor.select_option("#id_doc_type", "normative")
    for topic in ("统计调查", "统计用语"):
        editor.locator("#id_topics + ul .tagit-new input").fill(topic)
        editor.keyboard.press("Enter")
    set_slug(editor, "tongji-yongyu")
    press(editor, "button.action-save")
    policy = saved(PolicyPage, "江岭市统计用语规范管理办法", editor)
    assert sorted(t.name for t in policy.topics.all()) == ["统计用语", "统计调查"]

    # Submitting it without an interpretation is returned (退文).
    press(editor, 'button[name="action-submit"]')
    assert "退文" in editor.content()
    editor.screenshot(path=os.path.join(screenshots, "1-returned.png"), full_page=True)
    assert policy.current_workflow_state is None

    # The drafter adds a synchronous interpretation, then submits the bundle.
    editor.goto(f"/admin/pages/add/interpretations/interpretationpage/{policy.pk}/")
    editor.fill("#id_title", "《江岭市统计用语规范管理办法》解读")
    editor.select_option("#id_form", "qa")
    # Its body: a paragraph with the substance the 三同步 check asks for (24.19).
    editor.locator("[data-contentpath=body] .c-sf-add-button").first.click()
    editor.locator(".w-combobox__option:has(.icon-pilcrow)").click()
    editor.locator("[data-contentpath=body] [contenteditable=true]").first.fill(
        "《江岭市统计用语规范管理办法》统一了统计调查、统计分析和统计发布中常用术语的含义，"
        "明确了各部门在文件起草、数据发布和政策解读中使用统计用语的要求，"
        "并规定了新增用语的提出、审核和公布程序，便于公众准确理解统计数据。"
    )
    expect(editor.locator('input[name="body-0-value"]')).to_have_value(re.compile("公布程序"))
    set_slug(editor, "jiedu")
    press(editor, "button.action-save")
    saved(InterpretationPage, "《江岭市统计用语规范管理办法》解读", editor)
    editor.goto(f"/admin/pages/{policy.pk}/edit/")
    press(editor, 'button[name="action-submit"]')
    assert current_task(policy) == level_name(1), editor.inner_text("main")[:800]

    # Each reviewer has a browser of their own, at their own level.
    desks = [signed_in(new_page, live_server, reviewer) for reviewer in reviewers]
    desks[0].goto(f"/admin/pages/{policy.pk}/edit/")
    desks[0].screenshot(path=os.path.join(screenshots, "2-review.png"), full_page=True)

    # Level 1 approves in the editor; level 2 really edits while approving: every approval
    # is void, review restarts at level 1 and the reviewer is told so (24.1).
    approve_in_editor(desks[0], policy, 1)
    desks[1].goto(f"/admin/pages/{policy.pk}/edit/")
    desks[1].fill("#id_summary", "网站编辑审签时补充的摘要。")
    press(desks[1], APPROVE_IN_EDITOR)
    said = notice(desks[1])
    assert "从第 1 级（处室负责人审签）重新审签" in said, said
    assert current_task(policy) == level_name(1)

    # The restarted review goes through all four levels from the editor, unchanged.
    for level, desk in enumerate(desks, start=1):
        approve_in_editor(desk, policy, level)

    # A second bundle goes through all four levels from the dashboard.
    second = make_policy("江岭市统计用语使用指引", live=False, doc_type="normative")
    make_interpretation(second, "《江岭市统计用语使用指引》解读", live=False, stage="synchronous")
    second.topics.add("统计用语")
    second.save_revision(user=drafter)
    PolicyPage.objects.get(pk=second.pk).get_workflow().start(second, drafter)
    for level, desk in enumerate(desks, start=1):
        approve_on_dashboard(desk, second, level)
    assert PolicyPage.objects.get(pk=second.pk).live

    policy = PolicyPage.objects.get(pk=policy.pk)
    interpretation = InterpretationPage.objects.get(title="《江岭市统计用语规范管理办法》解读")
    assert policy.live and interpretation.live
    assert policy.summary == "网站编辑审签时补充的摘要。"  # the edit that restarted review

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
