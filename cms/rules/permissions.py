"""Admin permissions that follow the drafting divisions (docs/architecture.md#roles;
issue: division rights).

A user who belongs to one or more divisions (a drafter) edits only the policies of those
divisions and their interpretations. Nobody publishes a policy directly: a bundle goes
live only through its review (bundle rules 2 and 3, docs/architecture.md#bundle-rules);
withdrawing stays with publishers.
"""

from django.db import models
from django.db.models.functions import Cast
from wagtail.models import PagePermissionTester


def division_ids(user) -> set[int] | None:
    """The divisions a user drafts for, or None when the user is not bound to any."""
    if not user.is_authenticated or user.is_superuser:
        return None
    cache = "_policy_cms_division_ids"
    if not hasattr(user, cache):
        setattr(user, cache, set(user.divisions.values_list("pk", flat=True)) or None)
    return getattr(user, cache)


def may_draft_for(user, division_id) -> bool:
    divisions = division_ids(user)
    return divisions is None or division_id in divisions


def states_in_divisions(states, model, user):
    """Of workflow task states, those of ``model`` pages drafted in ``user``'s divisions
    (all of them for a user bound to none): what a division's head may moderate."""
    divisions = division_ids(user)
    if divisions is None:
        return states
    # The workflow state names its page by a text id.
    pages = model.objects.filter(division__in=divisions).values(
        text_pk=Cast("pk", models.CharField())
    )
    return states.filter(workflow_state__object_id__in=pages)


class PolicyPermissionTester(PagePermissionTester):
    def can_edit(self):
        return super().can_edit() and may_draft_for(self.user, self.page.division_id)

    def can_add_subpage(self):
        return super().can_add_subpage() and may_draft_for(self.user, self.page.division_id)

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk) and may_draft_for(self.user, self.page.division_id)

    def can_publish(self):
        return False

    def can_publish_subpage(self):
        return False


class ReviewedPagePermissionTester(PagePermissionTester):
    """A page that only its review publishes (the annual disclosure report, the website
    report): nobody publishes it from the editor, neither a new one nor a correction of a
    published one; the workflow's last approval publishes it (cms.review.finish)."""

    def can_publish(self):
        return False


class ReviewedColumnPermissionTester(PagePermissionTester):
    """A column of reviewed pages (the reports' columns): its pages are not published from
    the editor's create view either."""

    def can_publish_subpage(self):
        return False
