"""The serious-error check at each approval (docs/domain.md §4a): the list may have changed
since the bundle was submitted, so every level's approval meets it again, on the bundle as
stored, from the dashboard and from the editor alike (``BundleApprovalTask.on_action``
asks the checks ``cms.apps`` registers). A serious finding returns the bundle to its
drafter, recorded as a return (退文); warnings need the reviewer's acknowledgement (the
approval form's tick), which is logged."""

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.admin_ui import notices
from cms.models import PolicyPage, Submission
from cms.models.serious_errors import SeriousErrorFinding
from cms.review import serious_errors
from cms.review.bundle import (
    errors,
    log_acknowledgement,
    member_drafts,
    members,
    open_submission,
    warnings,
)
from cms.rules.confidentiality import Finding, in_one_line


def approval_findings(policy: PolicyPage) -> list[Finding]:
    """The serious-error findings on the bundle as stored."""
    return serious_errors.bundle_findings(member_drafts(policy))


def return_from_review(policy: PolicyPage, user, findings: list[Finding]) -> None:
    """An approval met a serious error: the review ends and the bundle goes back to its
    drafter, recorded as a return (退文) with the findings, as at the door."""
    workflow_state = policy.current_workflow_state
    submission = open_submission(policy)
    if workflow_state is not None:
        workflow_state.cancel(user=user)
    reasons = [str(f) for f in errors(findings)]
    log(
        instance=policy,
        action="policy_cms.bundle.return",
        user=user,
        data={"title": policy.title, "reasons": reasons},
    )
    serious_errors.record(
        policy, errors(findings), SeriousErrorFinding.Outcome.RETURNED, user, members(policy)
    )
    if submission is not None:
        submission.state = Submission.State.RETURNED
        submission.closed_at = timezone.now()
        submission.reasons = [*submission.reasons, *reasons]
        submission.findings = [*submission.findings, *(f.as_dict() for f in findings)]
        submission.save(update_fields=["state", "closed_at", "reasons", "findings"])


def passes_serious_error_check(page, user, acknowledged: bool) -> bool:
    """Whether the approval of ``page`` by ``user`` goes on; when not, the reviewer is told
    why (and a serious finding has returned the bundle)."""
    if not isinstance(page, PolicyPage):
        return True
    findings = approval_findings(page)
    title = page.get_admin_display_title()
    if errors(findings):
        return_from_review(page, user, findings)
        notices.tell(
            user,
            messages.ERROR,
            _(
                "“%(title)s” was not approved and goes back to its drafter: the "
                "serious-error check found %(findings)s"
            )
            % {"title": title, "findings": in_one_line(errors(findings))},
            kind="refused",
        )
        return False
    if warnings(findings) and not acknowledged:
        notices.tell(
            user,
            messages.ERROR,
            _(
                "“%(title)s” was not approved: check the serious-error warnings, then "
                "approve with a comment and tick the acknowledgement (each level's reviewer "
                "confirms for their own level, even when the drafter or an earlier level "
                "already did). %(findings)s"
            )
            % {"title": title, "findings": in_one_line(warnings(findings))},
            kind="refused",
        )
        return False
    if warnings(findings):
        log_acknowledgement(page, user, findings)
    return True
