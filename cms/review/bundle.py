"""The publication bundle (三同步): a policy and its synchronous interpretations.

Plain functions over the bundle, called from the policy form, the workflow signals, the
finish-workflow action, the admin hooks and the periodic task; tests call them directly.
The bundle rules are listed in docs/architecture.md#bundle-rules; each function names
the rule it keeps ("bundle rule N"). What publishing and withdrawing do, in order:
docs/architecture.md#publishing and #withdrawing.
"""

import logging
import re

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, WorkflowState

from cms.admin_ui import notices
from cms.delivery import outbox
from cms.extend import plugin_manager
from cms.models import PolicyPage, Submission
from cms.models.review import review_level
from cms.rules.confidentiality import ERROR, WARNING, Finding, run_checks
from cms.text.page_text import body_text
from interpretations.choices import Form, Stage
from interpretations.models import InterpretationPage

logger = logging.getLogger(__name__)


def members(policy: PolicyPage) -> list[Page]:
    """The policy first, then its synchronous interpretations."""
    return [policy, *policy.synchronous_interpretations()]


def member_drafts(policy: PolicyPage, policy_draft: PolicyPage | None = None) -> list[Page]:
    """Every member as its latest draft; `policy_draft` stands in for the policy when given."""
    drafts = [policy_draft or policy.get_latest_revision_as_object()]
    drafts += [i.get_latest_revision_as_object() for i in policy.synchronous_interpretations()]
    return drafts


def has_exemption(policy: PolicyPage) -> bool:
    return policy.pk is not None and hasattr(policy, "interpretation_exemption")


def submission_findings(
    policy: PolicyPage, policy_draft: PolicyPage | None = None
) -> list[Finding]:
    """Everything that stands between a bundle and review (bundle rules 1 and 8)."""
    draft = policy_draft or policy
    findings = []
    interpretations = policy.synchronous_interpretations().exists() if policy.pk else False
    if draft.interpretation_required and not interpretations and not has_exemption(policy):
        findings.append(
            Finding(
                ERROR,
                "synchronous_interpretation",
                _(
                    "A %(doc_type)s must be submitted with at least one synchronous "
                    "interpretation (三同步). Add one under this policy, or ask for an exemption."
                )
                % {"doc_type": draft.get_doc_type_display()},
                member=draft.title,
            )
        )
    drafts = member_drafts(policy, draft) if policy.pk else [draft]
    findings += [f for member in drafts[1:] if (f := thin_interpretation(member))]
    return findings + run_checks(drafts) + plugin_manager.check_bundle(draft, drafts)


_MEDIA_FORMS = {Form.GRAPHIC: "figure", Form.VIDEO: "video"}


def thin_interpretation(interpretation) -> Finding | None:
    """A synchronous interpretation without substantive content: a title and a summary
    are not an interpretation (bundle rule 1). Its body needs POLICY_INTERPRETATION_MIN_CHARS
    characters of text, spaces aside; a 图解 or 视频 may carry its figure or video instead."""
    minimum = settings.POLICY_INTERPRETATION_MIN_CHARS
    length = len(re.sub(r"\s+", "", body_text(interpretation)))
    if length >= minimum:
        return None
    media = _MEDIA_FORMS.get(interpretation.form)
    if media and any(block.block_type == media for block in interpretation.body):
        return None
    return Finding(
        ERROR,
        "interpretation_content",
        _(
            "The body has only %(length)d characters of text; a synchronous interpretation "
            "needs substantive content, at least %(minimum)d characters (spaces and the "
            "summary do not count)."
        )
        % {"length": length, "minimum": minimum},
        member=interpretation.title,
    )


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == WARNING]


def record_return(policy: PolicyPage, user, findings: list[Finding]) -> Submission | None:
    """A submission refused at the door (退文): kept with its reasons and logged (bundle rule 1)."""
    reasons = [str(f) for f in errors(findings)]
    target = policy if policy.pk else policy.get_parent()
    log(
        instance=target,
        action="policy_cms.bundle.return",
        user=user,
        data={"title": policy.title, "reasons": reasons},
    )
    if not policy.pk:
        return None
    return Submission.objects.create(
        policy=policy,
        state=Submission.State.RETURNED,
        submitted_by=user,
        closed_at=timezone.now(),
        member_revisions=policy.member_revisions(),
        findings=[f.as_dict() for f in findings],
        reasons=reasons,
    )


def log_acknowledgement(policy: PolicyPage, user, findings: list[Finding]) -> None:
    """The submitter saw the warnings and submits anyway (bundle rule 8)."""
    log(
        instance=policy,
        action="policy_cms.bundle.acknowledge",
        user=user,
        data={"warnings": [str(f) for f in warnings(findings)]},
    )


def open_submission(policy: PolicyPage) -> Submission | None:
    return policy.submissions.filter(state=Submission.State.IN_REVIEW).first()


def start_review(workflow_state: WorkflowState, user) -> Submission | None:
    """Called when the policy's workflow starts: records the submission, or returns it if
    it reached review by a path that skipped the form's checks (bundle rules 1, 8)."""
    policy = workflow_state.content_object.specific
    if not isinstance(policy, PolicyPage):
        return None
    findings = submission_findings(policy, policy.get_latest_revision_as_object())
    if errors(findings):
        workflow_state.cancel(user=user)
        return record_return(policy, user, findings)
    submission = Submission.objects.create(
        policy=policy,
        workflow_state=workflow_state,
        state=Submission.State.IN_REVIEW,
        submitted_by=workflow_state.requested_by or user,
        member_revisions=policy.member_revisions(),
        findings=[f.as_dict() for f in findings],
    )
    log(
        instance=policy,
        action="policy_cms.bundle.submit",
        user=user,
        data={"members": submission.member_revisions},
    )
    return submission


def policy_of(page: Page) -> PolicyPage | None:
    """The policy whose bundle this page belongs to, if any."""
    page = page.specific
    if isinstance(page, PolicyPage):
        return page
    if isinstance(page, InterpretationPage) and page.stage == Stage.SYNCHRONOUS:
        parent = page.get_parent()
        return parent.specific if parent else None
    return None


# Bookkeeping Wagtail keeps in a revision's content; none of it is what the public reads.
_VOLATILE = {
    "pk",
    "id",
    "path",
    "depth",
    "numchild",
    "url_path",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "latest_revision",
    "latest_revision_created_at",
    "locked",
    "locked_at",
    "locked_by",
    "owner",
    "expired",
    "content_type",
    "translation_key",
    "locale",
    "alias_of",
    "index_number",
    "draft_title",
    "wagtail_admin_comments",
}


_BLOCK_KEY = re.compile(r'\s?data-block-key=\\?"[^"\\]*\\?"')
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")


def _normalized(value):
    """Content as the editor re-saves it: rich text without its random block keys and empty
    paragraphs, child rows (topics, attachments, a plugin's inline rows) without their row
    ids, which the form renumbers when it saves them unchanged."""
    if isinstance(value, str):
        return _EMPTY_PARAGRAPH.sub("", _BLOCK_KEY.sub("", value))
    if isinstance(value, list):
        items = [_normalized(item) for item in value]
        if all(isinstance(item, dict) and "sort_order" not in item for item in items):
            # Rows of an unordered relation (topics) come back in any order.
            items.sort(key=repr)
        return items
    if isinstance(value, dict):
        return {k: _normalized(v) for k, v in value.items() if k not in ("pk", "id")}
    return value


def same_content(revision_a: int, revision_b: int) -> bool:
    """Whether two revisions of a page carry the same publishable content."""
    from wagtail.models import Revision

    contents = dict(
        Revision.objects.filter(pk__in=[revision_a, revision_b]).values_list("pk", "content")
    )
    if len(contents) != 2:
        return False
    a, b = (
        {k: _normalized(v) for k, v in contents[pk].items() if k not in _VOLATILE}
        for pk in (revision_a, revision_b)
    )
    return a == b


@transaction.atomic
def void_approvals(policy: PolicyPage, changed: Page, revision_id: int, user=None) -> bool:
    """A member got a revision the current review step did not see: every approval is void
    and review restarts at the first level, with the reason shown to reviewers (bundle rule 2)."""
    state = policy.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return False
    task_state = state.current_task_state
    pinned = getattr(task_state.specific, "member_revisions", None) if task_state else None
    pinned_id = pinned.get(str(changed.pk)) if pinned is not None else None
    if pinned is None or pinned_id == revision_id:
        return False
    if pinned_id is not None and same_content(pinned_id, revision_id):
        # Saved without a change (a reviewer approving from the editor saves the form):
        # the step now pins the new revision and its approvals stand.
        task_state = task_state.specific
        task_state.member_revisions[str(changed.pk)] = revision_id
        task_state.save(update_fields=["member_revisions"])
        return False
    reason = _("“%(title)s” was changed during review; every approval is void.") % {
        "title": changed.title
    }
    submitter = state.requested_by
    Submission.objects.filter(workflow_state=state).update(
        state=Submission.State.VOIDED, closed_at=timezone.now(), reasons=[reason]
    )
    log(instance=policy, action="policy_cms.bundle.void", user=user, data={"reason": reason})
    state.cancel(user=user)
    workflow = policy.get_workflow()
    if workflow is None:
        return True
    # This runs as the revision is saved, a moment before Wagtail points the page at it:
    # point it now, so the restarted review pins and checks the revision that voided the
    # old one (pinning the old one would refuse every later approval).
    Page.objects.filter(pk=changed.pk).update(latest_revision_id=revision_id)
    policy = PolicyPage.objects.get(pk=policy.pk)
    # Restart as the original submitter, so four eyes still applies to them.
    new_state = workflow.start(policy, submitter)
    Submission.objects.filter(workflow_state=new_state).update(reasons=[reason])
    _tell_voided(user, changed, new_state)
    return True


def _tell_voided(user, changed: Page, new_state: WorkflowState) -> None:
    """The user whose save voided the approvals learns where the bundle now stands."""
    new_state.refresh_from_db()
    title = changed.get_admin_display_title()
    if new_state.status != WorkflowState.STATUS_IN_PROGRESS:
        text = _(
            "“%(title)s” was changed during review: every approval is void, and the "
            "restarted review returned the bundle (see its reasons)."
        ) % {"title": title}
    else:
        task = new_state.current_task_state.task
        text = _(
            "“%(title)s” was changed during review: every approval is void and review "
            "restarted at level %(level)d (%(task)s)."
        ) % {"title": title, "level": review_level(new_state.workflow, task), "task": task.name}
    notices.tell(user, messages.WARNING, text, kind="voided")


def _publish_members(policy: PolicyPage, user, now) -> list[int]:
    ids = []
    for page in members(policy):
        revision = page.get_latest_revision()
        if revision is None:
            continue
        was_published = page.first_published_at is not None
        revision.publish(user=user, log_action=True, skip_permission_checks=True)
        ids.append(page.pk)
        if not was_published:
            Page.objects.filter(pk=page.pk).update(first_published_at=now)
    Page.objects.filter(pk__in=ids).update(last_published_at=now)
    return ids


@transaction.atomic
def publish_bundle(policy: PolicyPage, user=None, *, now=None) -> Submission | None:
    """Every member goes live in one transaction with one timestamp, or none does (bundle rule 3).

    When the policy asks for a later go-live time, the bundle is scheduled instead and
    `publish_due_bundles` publishes it whole at that time.
    """
    now = now or timezone.now()
    submission = (
        open_submission(policy)
        or policy.submissions.filter(state=Submission.State.SCHEDULED).first()
    )
    draft = policy.get_latest_revision_as_object()
    if draft.go_live_at and draft.go_live_at > now:
        if submission:
            submission.state = Submission.State.SCHEDULED
            submission.go_live_at = draft.go_live_at
            submission.save(update_fields=["state", "go_live_at"])
        log(
            instance=policy,
            action="policy_cms.bundle.schedule",
            user=user,
            data={"go_live_at": draft.go_live_at.isoformat()},
        )
        return submission
    before = outbox.public_snapshot(policy)
    ids = _publish_members(policy, user, now)
    outbox.record_publication(policy, before, now=now)
    if submission:
        submission.state = Submission.State.PUBLISHED
        submission.published_at = now
        submission.closed_at = now
        submission.save(update_fields=["state", "published_at", "closed_at"])
    log(
        instance=policy,
        action="policy_cms.bundle.publish",
        user=user,
        data={"members": ids, "published_at": now.isoformat()},
    )
    return submission


def publish_due_bundles(now=None) -> int:
    """Publish scheduled bundles whose time has come, each whole or not at all."""
    now = now or timezone.now()
    published = 0
    due = Submission.objects.filter(state=Submission.State.SCHEDULED, go_live_at__lte=now)
    for submission in due.select_related("policy"):
        try:
            publish_bundle(submission.policy, submission.submitted_by, now=now)
            published += 1
        except Exception:
            logger.exception(
                "scheduled bundle of policy %s failed to publish", submission.policy_id
            )
    return published


def withdraw_interpretations(policy: PolicyPage, user=None) -> list[int]:
    """Unpublish the live synchronous interpretations of a withdrawn policy (bundle rule 4)."""
    withdrawn = []
    for interpretation in policy.synchronous_interpretations().live():
        interpretation.unpublish(user=user, log_action="policy_cms.bundle.withdraw")
        withdrawn.append(interpretation.pk)
    return withdrawn


@transaction.atomic
def withdraw_bundle(policy: PolicyPage, user=None) -> None:
    """Withdraw a policy and its synchronous interpretations in one transaction (bundle rule 4)."""
    policy.unpublish(user=user, log_action="policy_cms.bundle.withdraw")
    # The page_unpublished handler withdraws the interpretations; doing it here as well
    # keeps this function whole even where signals are disconnected.
    withdraw_interpretations(policy, user)
    policy.submissions.filter(state=Submission.State.SCHEDULED).update(
        state=Submission.State.CANCELLED, closed_at=timezone.now()
    )


def review_context(policy_draft: PolicyPage) -> dict:
    """What a reviewer sees beside the bundle's pages: its interpretations as drafted, the
    confidentiality findings, the exemption and why an earlier review was voided."""
    stored = PolicyPage.objects.filter(pk=policy_draft.pk).first() if policy_draft.pk else None
    interpretations = []
    if stored:
        children = InterpretationPage.objects.child_of(stored).in_stage_order()
        interpretations = [child.get_latest_revision_as_object() for child in children]
    return {
        "interpretations": interpretations,
        "findings": submission_findings(stored or policy_draft, policy_draft),
        "exemption": getattr(stored, "interpretation_exemption", None) if stored else None,
        "submission": stored.submissions.first() if stored else None,
    }
