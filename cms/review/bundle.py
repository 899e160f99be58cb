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
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, WorkflowState

from cms.delivery import outbox
from cms.extend import plugin_manager
from cms.models import OutboxEvent, PolicyPage, PublicationStamp, Submission
from cms.models.serious_errors import SeriousErrorFinding
from cms.operations import index_sweep
from cms.operations.purge import purge_after_commit
from cms.review import moments, serious_errors
from cms.review.exemptions import has_exemption
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
    return (
        findings
        + run_checks(drafts)
        + serious_errors.bundle_findings(drafts)
        + plugin_manager.check_bundle(draft, drafts)
    )


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
    serious_errors.record(
        policy, errors(findings), SeriousErrorFinding.Outcome.RETURNED, user, members(policy)
    )
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
    """The submitter (or a reviewer) saw the warnings and goes on (bundle rule 8)."""
    log(
        instance=policy,
        action="policy_cms.bundle.acknowledge",
        user=user,
        data={"warnings": [str(f) for f in warnings(findings)]},
    )
    if policy.pk:
        serious_errors.record(
            policy,
            warnings(findings),
            SeriousErrorFinding.Outcome.ACKNOWLEDGED,
            user,
            members(policy),
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


@transaction.atomic
def publish_bundle(policy: PolicyPage, user=None, *, now=None) -> Submission | None:
    """Every member goes live in one transaction with one timestamp, or none does (bundle
    rule 3). Every effect of publishing is here, in this order:

    1. the members go live (Wagtail's ``page_published`` receivers leave them to this
       sequence: ``moments.in_bundle``);
    2. the publication stamp moves on, and with it every cached API answer; once the
       transaction commits, the proxy's copies of the pages it changed are purged
       (cms.operations.purge);
    3. the plugins' ``bundle_publishing`` hooks change what must commit with the bundle;
    4. search indexes the policy once the transaction commits;
    5. the outbox event (``bundle.published``, or ``bundle.withdrawn`` for a bundle
       republished out of public view), dispatched after the commit, where the plugins'
       ``bundle_published`` hooks run;

    then the submission is closed and the publication logged. When the policy asks for a
    later go-live time, the bundle is scheduled instead and ``publish_due_bundles``
    publishes it whole at that time.
    """
    now = now or timezone.now()
    submission = (
        open_submission(policy)
        or policy.submissions.filter(state=Submission.State.SCHEDULED).first()
    )
    draft = policy.get_latest_revision_as_object()
    if draft.go_live_at and draft.go_live_at > now:
        return _schedule(policy, submission, draft.go_live_at, user)
    before = outbox.public_snapshot(policy)
    pages = members(policy)
    with moments.members_moving(pages):
        ids = _publish_members(pages, user, now)
    live = members(PolicyPage.objects.get(pk=policy.pk))
    _record_published_findings(live, user)
    PublicationStamp.bump()
    purge_after_commit(policy)
    plugin_manager.in_transaction("bundle_publishing", policy=live[0], members=live)
    index_sweep.schedule(policy.pk)
    outbox.record_publication(policy, before, now=now)
    _close(submission, now)
    log(
        instance=policy,
        action="policy_cms.bundle.publish",
        user=user,
        data={"members": ids, "published_at": now.isoformat()},
    )
    return submission


def _record_published_findings(live: list[Page], user) -> None:
    """Serious-error findings that go live with the bundle (acknowledged warnings, or an
    entry added after the last approval) are recorded: the self-inspection counts them.
    The check never stops a publication that review has passed."""
    try:
        with transaction.atomic():  # a savepoint: a failure leaves the publication whole
            findings = serious_errors.bundle_findings(live)
            serious_errors.record(
                live[0], findings, SeriousErrorFinding.Outcome.PUBLISHED, user, live
            )
    except Exception:
        logger.exception("serious-error check failed on publishing policy %s", live[0].pk)


def _publish_members(pages: list[Page], user, now) -> list[int]:
    ids = []
    for page in pages:
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


def _schedule(policy: PolicyPage, submission: Submission | None, go_live_at, user):
    if submission:
        submission.state = Submission.State.SCHEDULED
        submission.go_live_at = go_live_at
        submission.save(update_fields=["state", "go_live_at"])
    log(
        instance=policy,
        action="policy_cms.bundle.schedule",
        user=user,
        data={"go_live_at": go_live_at.isoformat()},
    )
    return submission


def _close(submission: Submission | None, now) -> None:
    if submission:
        submission.state = Submission.State.PUBLISHED
        submission.published_at = submission.closed_at = now
        submission.save(update_fields=["state", "published_at", "closed_at"])


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
    """Withdraw a policy and its synchronous interpretations in one transaction (bundle
    rule 4). Every effect of withdrawing a live policy is here, in this order:

    1. the policy and its live synchronous interpretations go offline (Wagtail's
       ``page_unpublished`` receivers leave them to this sequence);
    2. the publication stamp moves on; once the transaction commits, the proxy's copies
       of the pages it changed are purged (cms.operations.purge);
    3. the plugins' ``bundle_withdrawing`` hooks change what must commit with it;
    4. search removes the policy once the transaction commits;
    5. the outbox event ``bundle.withdrawn``, dispatched after the commit, where the
       plugins' ``bundle_withdrawn`` hooks run;

    then a scheduled publication of the bundle is cancelled. A policy unpublished by
    any other path is withdrawn the same way by ``cms.signals.withdraw_with_policy``.
    """
    if policy.live:
        pages = [policy, *policy.synchronous_interpretations().live()]
        with moments.members_moving(pages):
            policy.unpublish(user=user, log_action="policy_cms.bundle.withdraw")
            # Without the user: who may withdraw the policy withdraws its interpretations.
            withdraw_interpretations(policy)
        PublicationStamp.bump()
        purge_after_commit(policy)
        plugin_manager.in_transaction("bundle_withdrawing", policy=policy, members=pages)
        index_sweep.schedule(policy.pk)
        outbox.record_event(policy, OutboxEvent.Kind.WITHDRAWN)
    else:
        withdraw_interpretations(policy)  # none should be live; if one is, it goes
    policy.submissions.filter(state=Submission.State.SCHEDULED).update(
        state=Submission.State.CANCELLED, closed_at=timezone.now()
    )


def review_context(policy_draft: PolicyPage) -> dict:
    """What a reviewer sees beside the bundle's pages: its interpretations as drafted, the
    confidentiality findings and the serious-error check's apart, the exemption and why an
    earlier review was voided."""
    stored = PolicyPage.objects.filter(pk=policy_draft.pk).first() if policy_draft.pk else None
    interpretations = []
    if stored:
        children = InterpretationPage.objects.child_of(stored).in_stage_order()
        interpretations = [child.get_latest_revision_as_object() for child in children]
    findings = submission_findings(stored or policy_draft, policy_draft)
    serious = serious_errors.of_check(findings)
    return {
        "interpretations": interpretations,
        "findings": findings,
        "serious_error_findings": serious,
        "other_findings": [f for f in findings if f not in serious],
        "exemption": getattr(stored, "interpretation_exemption", None) if stored else None,
        "submission": stored.submissions.first() if stored else None,
    }
