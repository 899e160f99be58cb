"""The serious-error check (严重错误检查, docs/domain.md §4a): the admin-edited list matched
over every member of a bundle as stored, at submission and at each approval, through the
real admin views; its findings logged, those published anyway queryable."""

import json

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import rich_text

from cms.models import PolicyAttachment, PolicyPage, SeriousErrorEntry, SeriousErrorFinding
from cms.review import serious_errors
from cms.review.bundle import submission_findings
from cms.rules.confidentiality import ERROR, WARNING
from tests.conftest import INTERPRETATION_TEXT, act, policy_form, submit

LIST_URL = "/admin/snippets/cms/seriouserrorentry/"


def _findings(policy):
    policy = PolicyPage.objects.get(pk=policy.pk)
    found = submission_findings(policy, policy.get_latest_revision_as_object())
    return serious_errors.of_check(found)


def _write_interpretation(interpretation, text):
    draft = interpretation.get_latest_revision_as_object()
    draft.body = [("paragraph", RichText(f"<p>{INTERPRETATION_TEXT}{text}</p>"))]
    draft.save_revision()


def _attach(policy, name, text):
    document = get_document_model().objects.create(
        title=name, file=ContentFile(text.encode("utf-8"), name=f"{name}.txt")
    )
    draft = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    draft.attachments.add(PolicyAttachment(document=document, title=name))
    draft.save_revision()


def test_the_starter_list_is_shipped(db):
    entries = dict(SeriousErrorEntry.objects.values_list("wrong", "right"))
    assert len(entries) >= 30
    assert entries["按步就班"] == "按部就班" and entries["中华人民共合国"] == "中华人民共和国"
    assert SeriousErrorEntry.objects.get(wrong="中华人民共合国").serious
    assert not SeriousErrorEntry.objects.get(wrong="迫不急待").serious
    for wrong, right in entries.items():  # no right expression is itself reported
        assert not serious_errors.matches(right), (wrong, right)


def test_every_member_is_checked_as_stored(bundle):
    policy, interpretation = bundle
    draft = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    draft.body = "<p>各地要按步就班推进统计调查。</p>"
    draft.save_revision()
    _write_interpretation(interpretation, "本办法对以往问题既往不究。")
    _attach(policy, "实施方案", "第一条 依据《中华人民共合国统计法》制定本方案。")

    found = {f.marked: f for f in _findings(policy)}
    assert set(found) == {"按步就班", "既往不究", "中华人民共合国"}
    body = found["按步就班"]
    assert (body.severity, body.member, body.field) == (WARNING, policy.title, "正文")
    assert body.excerpt == "…各地要【按步就班】推进统计调查。…" and body.suggestion == "按部就班"
    assert str(body) == (
        f"{policy.title}·正文：“按步就班”应为“按部就班”：“…各地要【按步就班】推进统计调查。…”"
    )
    assert found["既往不究"].member == interpretation.title
    assert found["既往不究"].field.startswith("正文·第1块")
    attachment = found["中华人民共合国"]
    assert attachment.severity == ERROR and attachment.field == "附件“实施方案”"
    assert "严重错误" in attachment.message and attachment.suggestion == "中华人民共和国"


def test_the_bundle_preview_marks_the_finding_and_suggests_the_right_one(client, bundle, drafter):
    policy, interpretation = bundle
    _write_interpretation(interpretation, "本办法对以往问题既往不究&lt;b&gt;。")
    client.force_login(drafter)
    html = client.get(f"/admin/bundles/{policy.pk}/preview/").content.decode()
    section = html.split("严重错误检查", 1)[1].split("</ul>", 1)[0]
    assert "请核对" in section and "<mark>既往不究</mark>" in section
    assert "应为“既往不咎”" in section and "&lt;b&gt;" in section  # escaped


def test_odd_unicode_does_not_crash_and_traditional_text_is_matched(db):
    texts = [
        "\ud800按步就班",  # a lone surrogate
        "按步\u200b就班\x00",
        "ｅ\u0301𝟘😀按步就班",
        "中華人民共合國",  # traditional characters
        "",
    ]
    found = [[span[2] for span in serious_errors.matches(text)] for text in texts]
    assert found == [["按步就班"], [], ["按步就班"], ["中华人民共合国"], []]
    start, end, *_rest = serious_errors.matches("依據中華人民共合國法律")[0]
    assert "依據中華人民共合國法律"[start:end] == "中華人民共合國"


def test_a_serious_finding_returns_the_submission_and_is_logged(client, bundle, drafter):
    policy, interpretation = bundle
    _write_interpretation(interpretation, "依据中华人民共合国有关法律。")
    client.force_login(drafter)
    body = rich_text("<p>要一如继往抓好统计工作。</p>")  # a warning of the same bundle
    data = policy_form(policy, body=body, **{"action-submit": "1"})
    response = client.post(f"/admin/pages/{policy.pk}/edit/", data, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and "已保存草稿；未提交（已退文）：" in html
    assert "有内容未通过校验" not in html and "已被更新" not in html  # one notice
    assert "严重错误：“中华人民共合国”应为“中华人民共和国”" in html and "【中华人民共合国】" in html
    assert "另请在下次提交前核对" in html and "“一如继往”应为“一如既往”" in html
    stored = PolicyPage.objects.get(pk=policy.pk)
    assert stored.current_workflow_state is None
    assert "一如继往" in stored.get_latest_revision_as_object().body  # the edit is kept
    assert stored.submissions.get().state == "returned"
    logged = SeriousErrorFinding.objects.get(policy=policy)
    assert (logged.outcome, logged.serious, logged.member_id, logged.user) == (
        "returned",
        True,
        interpretation.pk,
        drafter,
    )
    entry = PageLogEntry.objects.get(page=policy, action="policy_cms.bundle.return")
    assert "中华人民共合国" in str(entry.data)


def test_a_warning_needs_the_submitters_acknowledgement(client, bundle, drafter):
    policy, _ = bundle
    body = rich_text("<p>要一如继往抓好统计工作。</p>")
    client.force_login(drafter)
    url = f"/admin/pages/{policy.pk}/edit/"
    html = client.post(url, policy_form(policy, body=body, **{"action-submit": "1"}))
    html = html.content.decode()
    assert "严重错误检查发现疑似错误表述" in html and "“一如继往”应为“一如既往”" in html
    assert PolicyPage.objects.get(pk=policy.pk).current_workflow_state is None

    data = policy_form(policy, body=body, acknowledge_warnings="on", **{"action-submit": "1"})
    assert client.post(url, data).status_code == 302
    assert PolicyPage.objects.get(pk=policy.pk).current_workflow_state is not None
    logged = SeriousErrorFinding.objects.get(policy=policy)
    assert (logged.outcome, logged.wrong, logged.user) == ("acknowledged", "一如继往", drafter)


def _add_entry_in_admin(client, user, wrong, right, serious):
    client.force_login(user)
    data = {"wrong": wrong, "right": right, "note": "测试"}
    if serious:
        data["serious"] = "on"
    response = client.post(f"{LIST_URL}add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return SeriousErrorEntry.objects.get(wrong=wrong)


def _approve_on_dashboard(client, policy, **data):
    task_state = PolicyPage.objects.get(pk=policy.pk).current_workflow_task_state
    url = f"/admin/pages/workflow/action/{policy.pk}/approve/{task_state.pk}/"
    return client.post(url, {"next": "/admin/", **data})


def _approve_in_editor(client, policy, **extra):
    policy = PolicyPage.objects.get(pk=policy.pk)
    data = {
        "action-workflow-action": "1",
        "workflow-action-name": "approve",
        "workflow-action-extra-data": json.dumps(extra),
    }
    # An empty body, as the editor re-saves it: no change to void the review.
    form = policy_form(policy, body=rich_text(""), **data)
    return client.post(f"/admin/pages/{policy.pk}/edit/", form)


def _messages(client):
    return client.get("/admin/").content.decode()


def _returned_in_review(policy, reviewer):
    policy = PolicyPage.objects.get(pk=policy.pk)
    assert policy.current_workflow_state is None and not policy.live
    submission = policy.submissions.first()
    assert submission.state == "returned" and "统记调查" in submission.reasons[0]
    logged = SeriousErrorFinding.objects.get(policy=policy)
    assert (logged.outcome, logged.user, logged.wrong) == ("returned", reviewer, "统记调查")


def test_an_entry_added_during_review_returns_the_bundle_from_the_dashboard(
    client, bundle, drafter, reviewers
):
    policy, interpretation = bundle
    _write_interpretation(interpretation, "配合开展统记调查工作。")
    submit(policy, drafter)  # nothing listed yet: it enters review
    assert PolicyPage.objects.get(pk=policy.pk).current_workflow_state is not None
    entry = _add_entry_in_admin(client, reviewers[1], "统记调查", "统计调查", True)
    assert entry.updated_by == reviewers[1]

    client.force_login(reviewers[0])
    assert _approve_on_dashboard(client, policy).status_code == 302
    html = _messages(client)
    assert "未获批准，已退回起草人" in html and "【统记调查】" in html
    _returned_in_review(policy, reviewers[0])


def test_a_serious_finding_returns_the_bundle_from_the_editor(client, bundle, drafter, reviewers):
    policy, interpretation = bundle
    _write_interpretation(interpretation, "配合开展统记调查工作。")
    submit(policy, drafter)
    act(policy, reviewers[0])
    _add_entry_in_admin(client, reviewers[2], "统记调查", "统计调查", True)

    client.force_login(reviewers[1])
    assert _approve_in_editor(client, policy).status_code == 302
    html = _messages(client)
    assert "未获批准，已退回起草人" in html and "“统记调查”应为“统计调查”" in html
    _returned_in_review(policy, reviewers[1])


def test_a_warning_needs_each_reviewers_acknowledgement_which_is_logged(
    client, bundle, drafter, reviewers
):
    policy, interpretation = bundle
    _write_interpretation(interpretation, "防止工作布署流于形式。")
    submit(policy, drafter)  # the drafter's own acknowledgement is the form's (above)
    level = lambda: PolicyPage.objects.get(pk=policy.pk).current_workflow_task.name  # noqa: E731

    # From the dashboard: the plain approval is refused and says why.
    client.force_login(reviewers[0])
    _approve_on_dashboard(client, policy)
    html = _messages(client)
    assert "未获批准：请核对严重错误检查的提示" in html and "带评论批准" in html
    assert "【工作布署】" in html
    assert level() == "处室负责人审签"
    # The approval's modal offers the acknowledgement.
    task_state = PolicyPage.objects.get(pk=policy.pk).current_workflow_task_state
    modal = client.get(f"/admin/pages/workflow/action/{policy.pk}/approve/{task_state.pk}/")
    modal = json.loads(modal.content)["html"]
    assert "我已核对本三同步稿件的严重错误检查提示，仍然批准" in modal
    assert "<mark>工作布署</mark>" in modal and "应为“工作部署”" in modal
    _approve_on_dashboard(client, policy, acknowledge_serious_errors="on")
    assert level() == "网站编辑审签"
    # A bundle without findings: no acknowledgement offered.
    entry = SeriousErrorEntry.objects.get(wrong="工作布署")
    entry.wrong = "工作布署X"
    entry.save()
    task_state = PolicyPage.objects.get(pk=policy.pk).current_workflow_task_state
    client.force_login(reviewers[1])
    modal = client.get(f"/admin/pages/workflow/action/{policy.pk}/approve/{task_state.pk}/")
    assert "仍然批准" not in json.loads(modal.content)["html"]
    entry.wrong = "工作布署"
    entry.save()

    # From the editor: the same.
    client.force_login(reviewers[1])
    _approve_in_editor(client, policy)
    assert level() == "网站编辑审签"
    html = _messages(client)  # one message, which says why: not also “updated”
    assert "未获批准：请核对严重错误检查的提示" in html and "每一级审签人须各自确认" in html
    assert "已被更新" not in html
    _approve_in_editor(client, policy, comment="看过了")  # the dialog without the tick
    html = _messages(client)
    assert html.count("未获批准") == 1 and "已被更新" not in html
    assert level() == "网站编辑审签"
    _approve_in_editor(client, policy, comment="", acknowledge_serious_errors=True)
    assert level() == "编辑部主任审签"

    logged = SeriousErrorFinding.objects.filter(policy=policy, outcome="acknowledged")
    assert [f.user for f in logged.order_by("pk")] == reviewers[:2]
    acknowledged = PageLogEntry.objects.filter(page=policy, action="policy_cms.bundle.acknowledge")
    assert {e.user for e in acknowledged} == set(reviewers[:2])

    # Published anyway: the self-inspection finds it.
    for reviewer in reviewers[2:]:
        act(policy, reviewer)  # the shell path passes no acknowledgement: refused
    assert level() == "编辑部主任审签"
    for reviewer in reviewers[2:]:
        act_with = PolicyPage.objects.get(pk=policy.pk).current_workflow_task_state
        act_with.task.specific.on_action(
            act_with, reviewer, "approve", acknowledge_serious_errors=True
        )
    assert PolicyPage.objects.get(pk=policy.pk).live
    published = SeriousErrorFinding.objects.get(outcome="published")
    assert (published.policy_id, published.member_id, published.wrong) == (
        policy.pk,
        interpretation.pk,
        "工作布署",
    )


def test_editing_the_list_changes_the_result(client, bundle, reviewers, drafter):
    policy, _ = bundle
    draft = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    draft.body = "<p>对违法行为严历打击。</p>"
    draft.save_revision()
    assert [f.severity for f in _findings(policy)] == [WARNING]
    built = serious_errors.automaton()
    assert serious_errors.automaton() is built  # once per version of the list

    entry = SeriousErrorEntry.objects.get(wrong="严历打击")
    client.force_login(reviewers[1])
    edit = f"{LIST_URL}edit/{entry.pk}/"
    data = {"wrong": "严历打击", "right": "严厉打击", "serious": "on", "note": ""}
    assert client.post(edit, data).status_code == 302
    assert serious_errors.automaton() is not built
    assert [f.severity for f in _findings(policy)] == [ERROR]
    assert SeriousErrorEntry.objects.get(pk=entry.pk).updated_by == reviewers[1]

    assert client.post(f"{LIST_URL}delete/{entry.pk}/").status_code == 302
    assert _findings(policy) == []
    _add_entry_in_admin(client, reviewers[1], "严历", "严厉", False)
    assert [f.marked for f in _findings(policy)] == ["严历"]


def test_the_list_is_kept_by_the_web_editors_and_the_office(client, drafter, reviewers):
    client.force_login(reviewers[1])
    html = client.get(LIST_URL).content.decode()
    assert "严重错误表述" in html and "中华人民共合国" in html  # serious ones first
    assert "按部就班" in client.get(LIST_URL, {"q": "按步"}).content.decode()
    client.force_login(reviewers[2])
    assert client.get(f"{LIST_URL}add/").status_code == 200
    client.force_login(drafter)
    assert client.get(LIST_URL).status_code in (302, 403)
    # The right expression may not contain the wrong one: it would be reported itself.
    client.force_login(reviewers[1])
    response = client.post(f"{LIST_URL}add/", {"wrong": "部署", "right": "工作部署"})
    assert response.status_code == 200 and not SeriousErrorEntry.objects.filter(wrong="部署")
