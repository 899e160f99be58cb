"""A new revision of a bundle member during review (bundle rule 2,
docs/architecture.md#bundle-rules): one the current review step did not see voids every
approval and restarts the review (``void_approvals``), unless it carries the same
publishable content (``same_content``: a reviewer approving from the editor saves the
form without a change).
"""

import re

from django.contrib import messages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, Revision, WorkflowState

from cms.admin_ui import notices
from cms.models import PolicyPage, Submission
from cms.models.review import review_level

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
    ids, which the form renumbers when it saves them unchanged, and without their
    ``sort_order``: a row saved outside the editor has none, the editor's form numbers it
    0, 1, … (the rows' order is the list's, which a reordering changes)."""
    if isinstance(value, str):
        return _EMPTY_PARAGRAPH.sub("", _BLOCK_KEY.sub("", value))
    if isinstance(value, list):
        ordered = any(isinstance(item, dict) and "sort_order" in item for item in value)
        items = [_normalized(item) for item in value]
        if not ordered and all(isinstance(item, dict) for item in items):
            # Rows of an unordered relation (topics) come back in any order.
            items.sort(key=repr)
        return items
    if isinstance(value, dict):
        return {k: _normalized(v) for k, v in value.items() if k not in ("pk", "id", "sort_order")}
    return value


def same_content(revision_a: int, revision_b: int) -> bool:
    """Whether two revisions of a page carry the same publishable content."""
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
