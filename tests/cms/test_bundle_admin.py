"""The bundle through the real admin views: submitting, returns, warnings, rights, report."""

import csv
import io
import re
from datetime import timedelta

from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.access.roles import REVIEW_LEVELS
from cms.models import Division, PolicyPage, Submission
from cms.review.bundle import withdraw_bundle
from tests.conftest import act, policy_form, publish_reviewed, submit


def test_editor_sees_the_return_and_no_review_starts(client, make_policy, drafter):
    policy = make_policy("没有解读的规范性文件", live=False, doc_type="normative", owner=drafter)
    client.force_login(drafter)
    response = client.post(
        f"/admin/pages/{policy.pk}/edit/",
        policy_form(policy, **{"action-submit": "1"}),
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200  # the edit is kept as a draft, the submission returned
    assert "已保存草稿；未提交（已退文）：" in html and "同步解读" in html
    assert not WorkflowState.objects.filter(object_id=str(policy.pk)).exists()
    assert Submission.objects.get(policy=policy).state == Submission.State.RETURNED
    assert PageLogEntry.objects.filter(page=policy, action="policy_cms.bundle.return").exists()


def test_warnings_need_an_acknowledgement_which_is_logged(client, bundle, drafter):
    policy, _ = bundle
    body = "<p>咨询电话：13912345678</p>"
    client.force_login(drafter)
    url = f"/admin/pages/{policy.pk}/edit/"

    response = client.post(url, policy_form(policy, body=rich_text(body), **{"action-submit": "1"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "个人信息" in html and "139****5678" in html
    assert PolicyPage.objects.get(pk=policy.pk).current_workflow_state is None

    response = client.post(
        url,
        policy_form(
            policy, body=rich_text(body), acknowledge_warnings="on", **{"action-submit": "1"}
        ),
    )
    assert response.status_code == 302
    state = PolicyPage.objects.get(pk=policy.pk).current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    entry = PageLogEntry.objects.get(page=policy, action="policy_cms.bundle.acknowledge")
    assert entry.user == drafter and "139****5678" in str(entry.data)


def test_drafters_edit_only_their_divisions_policies(client, agency, make_policy, drafter):
    other = Division.objects.create(agency=agency, name="法规处")
    own = make_policy("本处室的文件", live=False)
    foreign = make_policy("其他处室的文件", live=False, division=other)
    client.force_login(drafter)

    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    refused = client.get(f"/admin/pages/{foreign.pk}/edit/")
    assert refused.status_code == 302 and refused.url == "/admin/"
    assert not foreign.permissions_for_user(drafter).can_add_subpage()

    add = client.get(f"/admin/pages/add/cms/policypage/{agency.library.pk}/").content.decode()
    division_select = re.search(r'<select name="division".*?</select>', add, re.S).group()
    assert f'value="{own.division_id}"' in division_select
    assert f'value="{other.pk}"' not in division_select


def test_drafter_cannot_forge_another_division(client, agency, make_policy, drafter):
    other = Division.objects.create(agency=agency, name="法规处")
    policy = make_policy("本处室的文件", live=False, owner=drafter)
    client.force_login(drafter)
    client.post(f"/admin/pages/{policy.pk}/edit/", policy_form(policy, division=other.pk))
    assert PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object().division != other


def test_reviewers_see_only_their_levels_tasks(bundle, drafter, reviewers):
    policy, _ = bundle
    submit(policy, drafter)
    task = PolicyPage.objects.get(pk=policy.pk).current_workflow_task.specific
    assert task.get_task_states_user_can_moderate(reviewers[0]).count() == 1
    assert task.get_task_states_user_can_moderate(reviewers[1]).count() == 0


def test_report_lists_states_and_exports(admin_client, bundle, drafter, reviewers, make_policy):
    policy, _ = bundle
    submit(policy, drafter)
    act(policy, reviewers[0])
    make_policy("已发布的通知", doc_type="notice")
    returned = make_policy("被退文的规范性文件", live=False, doc_type="normative")
    submit(returned, drafter)

    html = admin_client.get("/admin/reports/bundles/").content.decode()
    assert "第 2 级审签中（网站编辑审签）" in html
    assert "已退文" in html and "已发布" in html
    assert "处室负责人审签" in html  # hours spent at the first level

    export = admin_client.get("/admin/reports/bundles/?export=csv")
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:4] == ["标题", "发文机关", "起草处室", "状态"]
    states = {row[0]: row[3] for row in rows[1:]}
    assert states["被退文的规范性文件"] == "已退文"
    assert states["已发布的通知"] == "已发布"

    xlsx = admin_client.get("/admin/reports/bundles/?export=xlsx")
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_report_filters_by_division(admin_client, agency, make_policy):
    other = Division.objects.create(agency=agency, name="法规处")
    make_policy("综合处的文件", live=False)
    make_policy("法规处的文件", live=False, division=other)
    html = admin_client.get("/admin/reports/bundles/", {"division": other.pk}).content.decode()
    assert "法规处的文件" in html and "综合处的文件" not in html


def _approve_in_editor(client, policy, **changes):
    policy = PolicyPage.objects.get(pk=policy.pk)
    data = {
        "action-workflow-action": "1",
        "workflow-action-name": "approve",
        "workflow-action-extra-data": "{}",
    }
    return client.post(f"/admin/pages/{policy.pk}/edit/", policy_form(policy, **data, **changes))


def test_approving_from_the_editor_without_changes_moves_on(client, bundle, drafter, reviewers):
    policy, _ = bundle
    submit(policy, drafter)
    client.force_login(reviewers[0])
    # The editor re-saves an empty body as <p data-block-key="…"></p>: not a change.
    _approve_in_editor(client, policy, body=rich_text(""))
    assert PolicyPage.objects.get(pk=policy.pk).current_workflow_task.name == "网站编辑审签"


def test_approving_with_an_edit_voids_and_restarts(client, bundle, drafter, reviewers):
    policy, _ = bundle
    submit(policy, drafter)
    act(policy, reviewers[0])
    client.force_login(reviewers[1])
    _approve_in_editor(client, policy, summary="网站编辑顺手改了摘要")
    state = PolicyPage.objects.get(pk=policy.pk).current_workflow_state
    assert state.current_task_state.task.name == "处室负责人审签"
    assert "被修改" in Submission.objects.get(workflow_state=state).reasons[0]


def _with_topics(policy, *names):
    """The policy's latest revision with topics, as the demo's policies have them."""
    policy = PolicyPage.objects.get(pk=policy.pk)
    policy.topics.add(*names)
    policy.save_revision()
    return policy


def test_every_level_approves_an_unchanged_bundle_from_the_editor(
    client, bundle, drafter, reviewers
):
    # 24.1: the editor re-saves the topics' through rows (new ids); that is no change.
    policy = _with_topics(bundle[0], "统计调查", "权益保障")
    submit(policy, drafter)
    for level, reviewer in enumerate(reviewers, start=1):
        client.force_login(reviewer)
        response = _approve_in_editor(
            client, policy, topics="统计调查, 权益保障", body=rich_text("")
        )
        assert response.status_code == 302
        stored = PolicyPage.objects.get(pk=policy.pk)
        if level < len(reviewers):
            assert stored.current_workflow_task.name == f"{REVIEW_LEVELS[level]}审签"
    stored = PolicyPage.objects.get(pk=policy.pk)
    assert stored.live and stored.current_workflow_state is None
    assert not Submission.objects.filter(policy=policy, state=Submission.State.VOIDED).exists()
    assert not PageLogEntry.objects.filter(page=policy, action="policy_cms.bundle.void").exists()


def test_a_review_restarted_by_an_edit_in_the_editor_is_approved_normally(
    client, bundle, drafter, reviewers
):
    policy, _ = bundle
    submit(policy, drafter)
    act(policy, reviewers[0])
    client.force_login(reviewers[1])
    _approve_in_editor(client, policy, summary="网站编辑顺手改了摘要")
    stored = PolicyPage.objects.get(pk=policy.pk)
    assert stored.current_workflow_task.name == "处室负责人审签"
    # The restarted step pins the edited revision, so each level approves as usual.
    assert stored.current_workflow_task_state.specific.member_revisions == (
        stored.member_revisions()
    )
    for level, reviewer in enumerate(reviewers, start=1):
        act(policy, reviewer)
        stored = PolicyPage.objects.get(pk=policy.pk)
        if level < len(reviewers):
            assert stored.current_workflow_task.name == f"{REVIEW_LEVELS[level]}审签"
    assert stored.live and stored.summary == "网站编辑顺手改了摘要"


def _messages(client) -> str:
    """The messages the user sees on the next admin page they open."""
    return client.get("/admin/").content.decode()


def _approve_on_dashboard(client, policy):
    task_state = PolicyPage.objects.get(pk=policy.pk).current_workflow_task_state
    url = f"/admin/pages/workflow/action/{policy.pk}/approve/{task_state.pk}/"
    return client.post(url, {"next": "/admin/"})


def test_approving_says_what_happens_next_from_dashboard_and_editor(
    client, bundle, drafter, reviewers
):
    # 24.11: 已批准 and what follows, the same from the dashboard as from the editor.
    policy = _with_topics(bundle[0], "统计调查")
    submit(policy, drafter)
    client.force_login(reviewers[0])
    assert _approve_on_dashboard(client, policy).status_code == 302
    assert "已批准“关于规范统计调查的办法”，待第 2 级审签（网站编辑审签）" in _messages(client)
    client.force_login(reviewers[1])
    _approve_in_editor(client, policy, topics="统计调查", body=rich_text(""))
    html = _messages(client)
    assert "待第 3 级审签（编辑部主任审签）" in html and "已被更新" not in html
    client.force_login(reviewers[2])
    _approve_on_dashboard(client, policy)
    client.force_login(reviewers[3])
    _approve_in_editor(client, policy, topics="统计调查", body=rich_text(""))
    assert "已批准“关于规范统计调查的办法”，已发布。" in _messages(client)
    assert PolicyPage.objects.get(pk=policy.pk).live


def test_an_edit_while_approving_tells_the_reviewer_and_a_scheduled_bundle_says_so(
    client, bundle, drafter, reviewers
):
    policy, _ = bundle
    draft = policy.get_latest_revision_as_object()
    draft.go_live_at = timezone.now() + timedelta(days=3)
    draft.save_revision()
    submit(policy, drafter)
    act(policy, reviewers[0])
    client.force_login(reviewers[1])
    go_live = timezone.localtime(draft.go_live_at).strftime("%Y-%m-%dT%H:%M")
    _approve_in_editor(client, policy, summary="网站编辑顺手改了摘要", go_live_at=go_live)
    html = _messages(client)
    assert "已有审签意见全部作废，从第 1 级（处室负责人审签）重新审签" in html
    assert "已批准" not in html and "审签未记录" not in html  # one notice says it all
    for reviewer in reviewers[:3]:
        act(policy, reviewer)
    client.force_login(reviewers[3])
    _approve_on_dashboard(client, policy)
    expected = timezone.localtime(draft.go_live_at).strftime("%Y-%m-%d %H:%M")
    assert f"已批准“关于规范统计调查的办法”，已排期，将于 {expected} 发布。" in _messages(client)
    submission = Submission.objects.get(policy=policy, state=Submission.State.SCHEDULED)
    assert submission.go_live_at == draft.go_live_at.replace(second=0, microsecond=0)


def test_an_interpretation_without_substantive_body_is_returned(
    client, make_policy, make_interpretation, drafter, settings
):
    # 24.19: a title and a summary are not an interpretation.
    policy = make_policy(
        "江岭市统计调查项目审批办法", live=False, doc_type="normative", owner=drafter
    )
    text = make_interpretation(
        policy,
        "《江岭市统计调查项目审批办法》解读",
        live=False,
        summary="说明办法的主要内容。",
        body=[],
    )
    video = [("video", {"url": "https://video.example.cn/jiedu.mp4", "caption": ""})]
    make_interpretation(policy, "一分钟看懂审批办法", live=False, form="video", body=video)
    client.force_login(drafter)
    edit = f"/admin/pages/{policy.pk}/edit/"
    html = client.post(edit, policy_form(policy, **{"action-submit": "1"}), follow=True)
    html = html.content.decode()
    assert "退文" in html and "正文仅 0 字" in html and "至少 100 字" in html
    assert PolicyPage.objects.get(pk=policy.pk).current_workflow_state is None
    returned = Submission.objects.get(policy=policy, state=Submission.State.RETURNED)
    assert returned.reasons == [
        "《江岭市统计调查项目审批办法》解读：正文仅 0 字，同步解读须有实质内容，"
        "正文至少 100 字（不计空格，摘要不计入）。"
    ]  # the video interpretation carries its video and passes

    # The minimum is a setting; a body that reaches it passes.
    settings.POLICY_INTERPRETATION_MIN_CHARS = 20
    text.body = [("paragraph", RichText("<p>解读正文 解读正文 解读正文 解读正文 解读正文</p>"))]
    text.save_revision(user=drafter)
    client.post(edit, policy_form(policy, **{"action-submit": "1"}))
    assert PolicyPage.objects.get(pk=policy.pk).current_workflow_task.name == "处室负责人审签"


def _status_in_list(html: str, title: str) -> str:
    """The status tag of the page list's row for `title`."""
    row = next(chunk for chunk in html.split("<tr")[1:] if title in chunk)
    tags = re.findall(
        r'class="w-status[^"]*"[^>]*>(?:\s*<span class="w-sr-only">[^<]*</span>)?\s*([^<]*?)\s*<',
        row,
    )
    return " ".join(tags)


def test_page_list_and_report_name_scheduled_withdrawn_and_returned_bundles(
    admin_client, agency, make_policy, make_interpretation, drafter, reviewers
):
    # 24.20: the page list said 草稿 for each of these; the report said 已撤销.
    def bundle(title, **fields):
        policy = make_policy(title, live=False, doc_type="normative", owner=drafter, **fields)
        make_interpretation(policy, f"《{title}》解读", live=False, owner=drafter)
        return policy

    scheduled = bundle("定时发布的办法", go_live_at=timezone.now() + timedelta(days=2))
    publish_reviewed(scheduled, drafter, reviewers)
    withdrawn = publish_reviewed(bundle("已撤回的办法"), drafter, reviewers)
    withdraw_bundle(withdrawn)
    returned = make_policy("被退文的办法", live=False, doc_type="normative", owner=drafter)
    submit(returned, drafter)
    make_policy("仍是草稿的办法", live=False)

    html = admin_client.get(f"/admin/pages/{agency.library.pk}/").content.decode()
    assert _status_in_list(html, "定时发布的办法") == "已排期"
    assert _status_in_list(html, "已撤回的办法") == "已撤回"
    assert _status_in_list(html, "被退文的办法") == "已退文"
    assert _status_in_list(html, "仍是草稿的办法") == "草稿"
    # The interpretations stand where their bundles do.
    html = admin_client.get(f"/admin/pages/{withdrawn.pk}/").content.decode()
    assert _status_in_list(html, "《已撤回的办法》解读") == "已撤回"
    html = admin_client.get(f"/admin/pages/{scheduled.pk}/").content.decode()
    assert _status_in_list(html, "《定时发布的办法》解读") == "已排期"

    report = admin_client.get("/admin/reports/bundles/").content.decode()
    assert "已撤回" in report and "已撤销" not in report


DISCLOSURE_NOTICE = "公开属性的变更须经三同步审签发布后生效；在此之前本文件仍在网站公开。"


def test_a_live_policys_draft_that_stops_disclosure_says_it_stays_public_until_published(
    client, make_policy, drafter
):
    # Tester: a live policy reclassified to 依申请公开 stayed public, and the editor said nothing.
    policy = make_policy("已公开的通知", owner=drafter)
    client.force_login(drafter)
    edit = f"/admin/pages/{policy.pk}/edit/"
    assert DISCLOSURE_NOTICE not in client.get(edit).content.decode()

    saved = client.post(
        edit,
        policy_form(policy, disclosure="on_request", disclosure_reason="条例第十五条"),
    )
    assert saved.status_code == 302
    html = client.get(edit).content.decode()
    assert DISCLOSURE_NOTICE in html and "取消发布" in html
    assert client.get(policy.url).status_code == 200  # still public until published

    # A draft never published, or a policy already withheld, has nothing public to keep.
    draft = make_policy("未发布的通知", live=False, owner=drafter)
    client.post(
        f"/admin/pages/{draft.pk}/edit/",
        policy_form(draft, disclosure="withheld", disclosure_reason="条例第十四条"),
    )
    assert DISCLOSURE_NOTICE not in client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    withheld = make_policy(
        "不予公开的通知", disclosure="withheld", disclosure_reason="条例第十四条", owner=drafter
    )
    assert DISCLOSURE_NOTICE not in client.get(f"/admin/pages/{withheld.pk}/edit/").content.decode()


def test_a_published_bundle_that_is_not_proactive_is_not_called_simply_published(
    client, admin_client, agency, bundle, drafter, reviewers, make_policy
):
    # Tester: after the reclassified bundle was published, the approval, the report and the
    # page list all said 已发布, though the policy had left the website.
    policy = publish_reviewed(bundle[0], drafter, reviewers)
    draft = policy.get_latest_revision_as_object()
    draft.disclosure, draft.disclosure_reason = "on_request", "条例第十五条"
    draft.save_revision(user=drafter)
    submit(policy, drafter)
    for reviewer in reviewers[:-1]:
        act(policy, reviewer)
    client.force_login(reviewers[-1])
    _approve_on_dashboard(client, policy)
    on_request = "已发布（依申请公开，不在网站公开）"
    assert f"已批准“关于规范统计调查的办法”，{on_request}。" in _messages(client)
    policy = PolicyPage.objects.get(pk=policy.pk)
    assert policy.live and client.get(policy.url).status_code == 404
    make_policy("不予公开的通知", disclosure="withheld", disclosure_reason="条例第十四条")

    html = admin_client.get(f"/admin/pages/{agency.library.pk}/").content.decode()
    assert _status_in_list(html, "关于规范统计调查的办法") == on_request
    assert _status_in_list(html, "不予公开的通知") == "已发布（不予公开，不在网站公开）"
    report = admin_client.get("/admin/reports/bundles/").content.decode()
    assert on_request in report
    export = admin_client.get("/admin/reports/bundles/?export=csv")
    rows = csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")))
    states = {row[0]: row[3] for row in rows}
    assert states["关于规范统计调查的办法"] == on_request
    assert states["不予公开的通知"] == "已发布（不予公开，不在网站公开）"


def test_an_empty_section_counts_no_characters(client, make_policy, drafter):
    # Tester: an interpretation whose only block was an empty 栏目 was refused with
    # "正文仅 5 字" (the unchosen section's "- 请选择 -").
    policy = make_policy("江岭市统计调查办法", live=False, doc_type="normative", owner=drafter)
    client.force_login(drafter)
    empty_section = {"kind": "", "heading": "", "text": rich_text("")}
    form = {
        "title": "《江岭市统计调查办法》解读",
        "slug": "jiedu",
        "form": "text",
        "stage": "synchronous",
        "interpreter_name": "",
        "interpreter_title": "",
        "summary": "",
        "body": streamfield([("section", empty_section)]),
    }
    add = f"/admin/pages/add/interpretations/interpretationpage/{policy.pk}/"
    assert client.post(add, nested_form_data(form)).status_code == 302  # a draft
    edit = f"/admin/pages/{policy.pk}/edit/"
    html = client.post(edit, policy_form(policy, **{"action-submit": "1"}), follow=True)
    html = html.content.decode()
    assert "未提交" in html and "正文仅 0 字" in html, html


def test_a_row_saved_without_its_order_is_the_same_row_when_the_editor_numbers_it(
    make_policy,
):
    """A plugin's inline row added outside the editor (an import, a shell, the demo) has
    ``sort_order`` None; the editor's re-save numbers it 0. That is no change: approving
    from the editor voided every approval over it (try-out, 2026-12-03)."""
    from wagtail.models import Revision

    from cms.review.revisions import same_content

    policy = make_policy("有办事事项的办法", live=False)
    first = policy.save_revision()
    rows = [
        {"pk": 7, "name": "甲", "sort_order": None},
        {"pk": 8, "name": "乙", "sort_order": None},
    ]

    def stored(rows):
        revision = Revision.objects.get(pk=first.pk)
        revision.pk = None
        revision.content = {**first.content, "service_links": rows}
        revision.save()
        return revision.pk

    unordered = stored(rows)
    numbered = stored(
        [{**row, "pk": row["pk"] + 10, "sort_order": n} for n, row in enumerate(rows)]
    )
    reordered = stored([{**row, "sort_order": n} for n, row in enumerate(reversed(rows))])
    assert same_content(unordered, numbered)
    assert not same_content(unordered, reordered)  # a new order is a change
