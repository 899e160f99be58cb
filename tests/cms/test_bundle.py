"""The ten bundle rules (docs/architecture.md#bundle-rules), through the workflow as
reviewers drive it."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import InterpretationExemption, PolicyPage, Submission
from cms.review import bundle as bundles
from interpretations.models import InterpretationPage
from tests.conftest import act, submit


def fresh(page):
    return type(page).objects.get(pk=page.pk)


def actions_logged(page):
    return list(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))


def interpretation_form(title, slug, stage="synchronous", **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "form": "text",
            "stage": stage,
            "interpreter_name": "",
            "interpreter_title": "",
            "summary": "",
            "body": streamfield([]),
            **extra,
        }
    )


def approve_with_go_live(policy, drafter, reviewers, delay):
    """Set the policy's go-live time, submit the bundle and approve every level."""
    draft = fresh(policy).get_latest_revision_as_object()
    draft.go_live_at = timezone.now() + delay
    draft.save_revision(user=drafter)
    submit(policy, drafter)
    review_all(policy, reviewers)


def review_all(policy, reviewers):
    for reviewer in reviewers:
        act(policy, reviewer)


# Rule 1: no review without a synchronous interpretation, unless exempted ---------------


def test_submission_without_interpretation_is_returned(make_policy, drafter):
    policy = make_policy("缺少解读的规范性文件", live=False, doc_type="normative")
    state = submit(policy, drafter)

    assert state.status == WorkflowState.STATUS_CANCELLED
    assert fresh(policy).current_workflow_state is None
    returned = Submission.objects.get(policy=policy)
    assert returned.state == Submission.State.RETURNED
    assert "同步解读" in returned.reasons[0]
    assert "policy_cms.bundle.return" in actions_logged(policy)


def test_doc_types_without_the_requirement_need_no_interpretation(make_policy, drafter, settings):
    policy = make_policy("普通通知", live=False, doc_type="notice")
    assert submit(policy, drafter).status == WorkflowState.STATUS_IN_PROGRESS
    settings.POLICY_INTERPRETATION_REQUIRED = {"notice"}
    other = make_policy("另一个通知", live=False, doc_type="notice")
    assert submit(other, drafter).status == WorkflowState.STATUS_CANCELLED


def test_exemption_lets_the_bundle_through(client, make_policy, drafter, reviewers):
    policy = make_policy("经批准免于解读的文件", live=False, doc_type="normative")
    url = f"/admin/bundles/{policy.pk}/exemption/"

    client.force_login(drafter)
    refused = client.post(url, {"reason": "我想跳过"})
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's PermissionDenied
    assert not InterpretationExemption.objects.exists()

    client.force_login(reviewers[3])  # 局领导 may grant exemptions
    response = client.post(url, {"reason": "技术性修订，无实质内容变化"})
    assert response.status_code == 302
    assert "policy_cms.bundle.exemption" in actions_logged(policy)

    assert submit(policy, drafter).status == WorkflowState.STATUS_IN_PROGRESS
    # Every reviewer sees it in the bundle preview.
    client.force_login(reviewers[0])
    task = fresh(policy).current_workflow_task
    preview = client.get(f"/admin/pages/workflow/preview/{policy.pk}/{task.pk}/").content.decode()
    assert "技术性修订，无实质内容变化" in preview
    assert "技术性修订" in client.get(f"/admin/bundles/{policy.pk}/preview/").content.decode()


def test_an_exemption_names_who_granted_it_and_its_form_shows_the_current_reason(
    client, make_policy, reviewers
):
    """The editor's panel names the person (full name) or 系统 for one granted by a script
    (the demo's), never "None"; the form shows the reason in force, and a document type
    that needs no interpretation has nothing to exempt."""
    from cms.review.exemptions import grant_exemption

    policy = make_policy("由脚本批准免于解读的决定", live=False, doc_type="normative")
    grant_exemption(policy, "仅废止原文件")
    client.force_login(reviewers[3])
    edit = client.get(f"/admin/pages/{policy.pk}/edit/").content.decode()
    assert "已由系统于" in edit and "批准免于解读：仅废止原文件" in edit
    assert "None 已批准" not in edit
    assert "此文种须至少有一篇同步解读" not in edit
    url = f"/admin/bundles/{policy.pk}/exemption/"
    form = client.get(url).content.decode()
    assert "仅废止原文件</textarea>" in form and "已由系统于" in form
    reviewers[3].first_name, reviewers[3].last_name = "局长", "王"
    reviewers[3].save()
    client.post(url, {"reason": "技术性修订"})
    exemption = InterpretationExemption.objects.get(policy=policy)
    assert (exemption.reason, exemption.granted_by) == ("技术性修订", reviewers[3])
    edit = client.get(f"/admin/pages/{policy.pk}/edit/").content.decode()
    assert f"已由{reviewers[3].get_full_name()}于" in edit and "批准免于解读：技术性修订" in edit
    notice = make_policy("普通通知", live=False, doc_type="notice")
    response = client.get(f"/admin/bundles/{notice.pk}/exemption/", follow=True)
    assert "此文种无须同步解读" in response.content.decode()
    assert not InterpretationExemption.objects.filter(policy=notice).exists()


# Rule 2 and four eyes: approvals are of the whole bundle, pinned to its revisions -------


def test_each_step_pins_every_member_revision(bundle, drafter, reviewers):
    policy, interpretation = bundle
    submit(policy, drafter)
    task_state = fresh(policy).current_workflow_task_state.specific
    assert task_state.member_revisions == {
        str(policy.pk): fresh(policy).latest_revision_id,
        str(interpretation.pk): fresh(interpretation).latest_revision_id,
    }


def test_a_change_after_approval_voids_it_and_restarts_review(bundle, drafter, reviewers):
    policy, interpretation = bundle
    submit(policy, drafter)
    act(policy, reviewers[0])
    act(policy, reviewers[1])
    assert fresh(policy).current_workflow_task.name == "编辑部主任审签"

    draft = fresh(interpretation).get_latest_revision_as_object()
    draft.summary = "改了一处"
    draft.save_revision(user=drafter)

    state = fresh(policy).current_workflow_state
    assert state.current_task_state.task.name == "处室负责人审签"
    assert state.requested_by == drafter
    current = Submission.objects.get(workflow_state=state)
    assert "被修改" in current.reasons[0]
    assert Submission.objects.filter(policy=policy, state=Submission.State.VOIDED).exists()
    assert "policy_cms.bundle.void" in actions_logged(policy)


def test_approving_what_was_not_seen_is_refused(bundle, drafter, reviewers):
    policy, _interpretation = bundle
    submit(policy, drafter)
    stale = fresh(policy).current_workflow_task_state
    draft = fresh(policy).get_latest_revision_as_object()
    draft.summary = "提交后又改了摘要"
    draft.save_revision(user=drafter)  # restarts the review
    stale.task.specific.on_action(stale, reviewers[0], "approve")
    assert fresh(stale).status != stale.STATUS_APPROVED


def test_the_submitter_cannot_approve(bundle, drafter, reviewers, roles):
    policy, _ = bundle
    reviewers[0].divisions.add(policy.division)
    submit(policy, reviewers[0])  # a 处室负责人 submitting their own bundle
    task = fresh(policy).current_workflow_task.specific
    assert task.get_actions(fresh(policy), reviewers[0]) == []
    act(policy, reviewers[0])
    assert fresh(policy).current_workflow_task.name == "处室负责人审签"
    assert not task.get_task_states_user_can_moderate(reviewers[0]).exists()


def test_a_division_head_reviews_only_the_bundles_of_their_divisions(
    bundle, drafter, reviewers, division
):
    from cms.models import Division

    policy, _ = bundle
    head = reviewers[0]  # 处室负责人
    head.divisions.add(Division.objects.create(agency=division.agency, name="法规处"))
    submit(policy, drafter)
    task = fresh(policy).current_workflow_task.specific
    assert task.get_actions(fresh(policy), head) == []
    assert not task.get_task_states_user_can_moderate(head).exists()
    act(policy, head)
    assert fresh(policy).current_workflow_task.name == "处室负责人审签"

    del head._policy_cms_division_ids  # the divisions are cached per request
    head.divisions.add(division)
    assert [s.workflow_state.object_id for s in task.get_task_states_user_can_moderate(head)] == [
        str(policy.pk)
    ]
    act(policy, head)
    assert fresh(policy).current_workflow_task.name == "网站编辑审签"


def test_reviewers_act_only_on_their_level(bundle, drafter, reviewers):
    policy, _ = bundle
    submit(policy, drafter)
    act(policy, reviewers[2])  # 编辑部主任 cannot approve the 处室负责人 step
    assert fresh(policy).current_workflow_task.name == "处室负责人审签"


# Rule 3: publishing is atomic ----------------------------------------------------------


def test_final_approval_publishes_every_member_at_one_time(bundle, drafter, reviewers):
    policy, interpretation = bundle
    submit(policy, drafter)
    review_all(policy, reviewers)

    policy, interpretation = fresh(policy), fresh(interpretation)
    assert policy.live and interpretation.live
    assert policy.last_published_at == interpretation.last_published_at
    assert policy.first_published_at == interpretation.first_published_at
    assert policy.index_number
    assert Submission.objects.get(policy=policy, state=Submission.State.PUBLISHED)
    assert "policy_cms.bundle.publish" in actions_logged(policy)


def test_a_failing_member_keeps_the_whole_bundle_offline(
    bundle, drafter, reviewers, make_interpretation, monkeypatch
):
    policy, first = bundle
    second = make_interpretation(policy, "第二篇解读", live=False, stage="synchronous")
    submit(policy, drafter)
    review_all(policy, reviewers[:3])

    original_save = InterpretationPage.save

    def failing_save(self, *args, **kwargs):
        if self.pk == second.pk and self.live:
            raise RuntimeError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(InterpretationPage, "save", failing_save)
    with pytest.raises(RuntimeError):
        act(policy, reviewers[3])
    assert not PolicyPage.objects.get(pk=policy.pk).live
    assert not InterpretationPage.objects.filter(pk__in=[first.pk, second.pk], live=True).exists()


def test_scheduled_bundle_goes_live_whole_at_its_time(bundle, drafter, reviewers):
    policy, interpretation = bundle
    approve_with_go_live(policy, drafter, reviewers, timedelta(hours=2))

    submission = Submission.objects.get(policy=policy, state=Submission.State.SCHEDULED)
    assert not fresh(policy).live and not fresh(interpretation).live
    assert bundles.publish_due_bundles() == 0

    later = submission.go_live_at + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert bundles.publish_due_bundles() == 1
    policy, interpretation = fresh(policy), fresh(interpretation)
    assert policy.live and interpretation.live
    assert policy.last_published_at == interpretation.last_published_at == later


# Rule 4: never an interpretation without its policy ----------------------------------


def test_withdrawing_the_policy_withdraws_its_synchronous_interpretations(
    bundle, drafter, reviewers, make_interpretation
):
    policy, interpretation = bundle
    submit(policy, drafter)
    review_all(policy, reviewers)
    follow_up = make_interpretation(fresh(policy), "跟踪解读", live=True, stage="follow_up")

    fresh(policy).unpublish(user=reviewers[3])
    assert not fresh(interpretation).live
    assert fresh(follow_up).live  # only synchronous members leave with the bundle


def test_admin_withdrawal_is_one_transaction(client, bundle, drafter, reviewers):
    policy, interpretation = bundle
    submit(policy, drafter)
    review_all(policy, reviewers)
    client.force_login(reviewers[3])
    response = client.post(f"/admin/pages/{policy.pk}/unpublish/")
    assert response.status_code == 302
    assert not fresh(policy).live and not fresh(interpretation).live
    assert "policy_cms.bundle.withdraw" in actions_logged(interpretation)


def test_a_synchronous_interpretation_cannot_go_live_alone(client, bundle, reviewers):
    _policy, interpretation = bundle
    client.force_login(reviewers[3])
    edit = client.get(f"/admin/pages/{interpretation.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in edit
    assert 'name="action-submit"' not in edit

    perms = fresh(interpretation).permissions_for_user(reviewers[3])
    assert not perms.can_publish() and not perms.can_submit_for_moderation()
    assert fresh(interpretation).get_workflow() is None

    client.post(
        f"/admin/pages/{interpretation.pk}/edit/",
        interpretation_form(interpretation.title, "sync", **{"action-publish": "1"}),
    )
    assert not fresh(interpretation).live
    assert fresh(interpretation).current_workflow_state is None


def test_nobody_publishes_a_policy_past_its_review(client, bundle, reviewers, admin_user):
    policy, _ = bundle
    for user in [*reviewers, admin_user]:
        assert not fresh(policy).permissions_for_user(user).can_publish()


# Rule 5: follow-up interpretations ------------------------------------------------------


def test_follow_up_needs_a_live_policy(admin_client, bundle):
    policy, _ = bundle
    url = f"/admin/pages/add/interpretations/interpretationpage/{policy.pk}/"
    response = admin_client.post(
        url, interpretation_form("跟踪解读", "follow-up", stage="follow_up")
    )
    assert response.status_code == 200
    assert "只能添加到已发布的政策" in response.content.decode()


def test_a_new_interpretation_cannot_be_submitted_alone(admin_client, bundle):
    policy, _ = bundle
    url = f"/admin/pages/add/interpretations/interpretationpage/{policy.pk}/"
    assert 'name="action-submit"' not in admin_client.get(url).content.decode()
    response = admin_client.post(
        url, interpretation_form("新解读", "new", **{"action-submit": "1"})
    )
    assert response.status_code == 302
    created = InterpretationPage.objects.get(slug="new")
    assert not created.live and created.current_workflow_state is None


def test_follow_up_passes_a_one_level_review(
    bundle, drafter, reviewers, make_interpretation, roles
):
    policy, _ = bundle
    submit(policy, drafter)
    review_all(policy, reviewers)
    follow_up = make_interpretation(
        fresh(policy), "执行中的跟踪解读", live=False, stage="follow_up"
    )
    workflow = fresh(follow_up).get_workflow()
    assert workflow.name == "跟踪解读审核" and workflow.tasks.count() == 1

    workflow.start(fresh(follow_up), drafter)
    act(follow_up, reviewers[1])  # 网站编辑
    assert fresh(follow_up).live
    assert fresh(policy).live


# Rule 8: confidentiality review --------------------------------------------------------


def test_classification_marking_blocks_with_member_field_and_excerpt(bundle, drafter):
    policy, interpretation = bundle
    draft = fresh(interpretation).get_latest_revision_as_object()
    draft.summary = "本解读材料 机密★1年 仅供参考"
    draft.save_revision()

    state = submit(policy, drafter)
    assert state.status == WorkflowState.STATUS_CANCELLED
    reason = Submission.objects.get(policy=policy, state=Submission.State.RETURNED).reasons[0]
    assert interpretation.title in reason and "摘要" in reason and "机密★1年" in reason


def test_personal_data_is_a_warning_with_a_masked_excerpt(bundle):
    policy, _interpretation = bundle
    draft = fresh(policy).get_latest_revision_as_object()
    draft.body = "<p>联系人张三，手机13812345678，身份证11010519491231002X。</p>"
    findings = bundles.submission_findings(fresh(policy), draft)
    assert {f.severity for f in findings} == {"warning"}
    excerpts = " ".join(f.excerpt for f in findings)
    assert "138****5678" in excerpts and "11*************02X" in excerpts
    assert "13812345678" not in excerpts


# Rule 9: admins change the chain; the rules still hold ----------------------------------


def test_a_shorter_chain_configured_by_an_admin_still_publishes_the_bundle(
    bundle, drafter, reviewers
):
    policy, interpretation = bundle
    workflow = fresh(policy).get_workflow()
    for workflow_task in workflow.workflow_tasks.order_by("sort_order")[2:]:
        workflow_task.delete()
    submit(policy, drafter)
    review_all(policy, reviewers[:2])
    assert fresh(policy).live and fresh(interpretation).live


# Rule 10: every step is in the audit log -----------------------------------------------


def test_audit_log_has_every_step(bundle, drafter, reviewers):
    policy, _interpretation = bundle
    submit(policy, drafter)
    act(policy, reviewers[0], "reject")
    fresh(policy).current_workflow_state.resume(drafter)
    review_all(policy, reviewers)
    fresh(policy).unpublish(user=reviewers[3])
    logged = set(actions_logged(policy))
    assert {
        "policy_cms.bundle.submit",
        "wagtail.workflow.reject",
        "wagtail.workflow.approve",
        "policy_cms.bundle.publish",
        "wagtail.unpublish",
    } <= logged
    entry = PageLogEntry.objects.filter(page=policy, action="policy_cms.bundle.submit").first()
    assert entry.user == drafter and entry.timestamp


def test_no_path_publishes_an_interpretation_before_its_policy(bundle):
    from django.core.exceptions import ValidationError

    _, interpretation = bundle
    with pytest.raises(ValidationError, match="不能先于"):
        fresh(interpretation).get_latest_revision().publish(skip_permission_checks=True)
    assert not fresh(interpretation).live


def test_beat_task_publishes_due_bundles(bundle, drafter, reviewers):
    from cms.tasks import publish_due_bundles

    policy, interpretation = bundle
    approve_with_go_live(policy, drafter, reviewers, timedelta(minutes=5))
    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        assert publish_due_bundles.delay().get() == 1
    assert fresh(policy).live and fresh(interpretation).live
