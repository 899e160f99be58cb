"""Signal handlers of the core app.

The bundle rules act on signals rather than on admin hooks, because Wagtail's
before/after_publish_page hooks fire only from the edit views: workflow approval,
scheduled publishing, the importer and the shell must keep the rules as well. What a
bundle's publication and withdrawal do is in ``cms/review/bundle.py``, in order; the
``page_published``/``page_unpublished`` receivers here serve pages published or
withdrawn outside a bundle, and leave a bundle's members to it (``in_bundle``).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Revision, Site, WorkflowState
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    workflow_cancelled,
    workflow_submitted,
)

from cms.delivery.outbox import record_event
from cms.extend import plugin_manager
from cms.models import (
    Agency,
    CalendarDay,
    Division,
    OutboxEvent,
    PolicyPage,
    PublicationStamp,
    SiteIdentity,
    Submission,
)
from cms.models.home import ensure_library
from cms.operations.purge import purge_page_after_commit
from cms.review.bundle import policy_of, start_review, withdraw_interpretations
from cms.review.moments import in_bundle
from cms.review.revisions import void_approvals


@receiver(post_save, sender=Agency)
def create_library_for_agency(sender, instance, created, raw=False, **kwargs):
    """A new agency gets its policy library at once, wherever it was created."""
    if created and not raw:
        ensure_library(instance)


@receiver(workflow_submitted, sender=WorkflowState)
def record_submission(sender, instance, user=None, **kwargs):
    start_review(instance, user)


@receiver(workflow_cancelled, sender=WorkflowState)
def close_cancelled_submission(sender, instance, user=None, **kwargs):
    Submission.objects.filter(workflow_state=instance, state=Submission.State.IN_REVIEW).update(
        state=Submission.State.CANCELLED, closed_at=timezone.now()
    )


@receiver(post_save, sender=Revision)
def void_approvals_on_change(sender, instance, created, raw=False, **kwargs):
    """A new revision of any bundle member voids the approvals given so far (bundle
    rule 2, docs/architecture.md#bundle-rules)."""
    if not created or raw or instance.base_content_type.model_class() is not Page:
        return

    page = Page.objects.filter(pk=instance.object_id).first()
    policy = policy_of(page) if page else None
    if policy is not None:
        # The page's latest_revision is not updated yet, so pass the new revision along.
        void_approvals(policy, page, instance.pk, user=instance.user)


@receiver(page_unpublished, sender=PolicyPage)
def withdraw_with_policy(sender, instance, **kwargs):
    """A policy unpublished outside ``withdraw_bundle`` (a shell, a script, a deletion)
    withdraws its synchronous interpretations (bundle rule 4,
    docs/architecture.md#bundle-rules) and tells the channels, in the same transaction.
    ``withdraw_bundle`` does both itself, in its sequence."""
    if in_bundle(instance):
        return
    withdraw_interpretations(instance)
    record_event(instance, OutboxEvent.Kind.WITHDRAWN)


@receiver(page_published)
@receiver(page_unpublished)
def bump_stamp_for_published_page(sender, instance, **kwargs):
    """A page going live or away outside a bundle (on its own, by the importer) changes
    what the public API returns; a bundle's publication bumps the stamp in its sequence."""
    if not in_bundle(instance):
        PublicationStamp.bump()


@receiver(page_published)
@receiver(page_unpublished)
def purge_page_published_alone(sender, instance, **kwargs):
    """A page published or withdrawn outside a bundle (an annual report, the website
    report, the home page, a column, a plugin's page, an interpretation on its own, a
    policy by the importer or unpublished by a script) is refreshed in the proxy's cache
    after the commit: the page and the pages above it (cms.operations.purge); a bundle's
    members are purged by its own sequence."""
    if not in_bundle(instance):
        purge_page_after_commit(instance)


@receiver(page_slug_changed)
@receiver(post_page_move)
def bump_stamp_for_page(sender, **kwargs):
    """A page moved or renamed changes what the public API returns."""
    PublicationStamp.bump()


@receiver(post_delete)
def bump_stamp_on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page | Agency | Division | PageViewRestriction | Site | SiteIdentity):
        PublicationStamp.bump()


@receiver(post_save, sender=Agency)
@receiver(post_save, sender=Division)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_save, sender=Site)
def bump_stamp_on_save(sender, raw=False, **kwargs):
    # Agency and division names are part of every policy the API shows; a view
    # restriction takes pages out of public view; a site's name, host and root page are
    # on every public page, and sites are kept per stamp (cms.models.sites).
    if not raw:
        PublicationStamp.bump()


@receiver(post_save, sender=SiteIdentity)
def bump_stamp_on_identity_change(sender, created, raw=False, **kwargs):
    """The site's identity is in every public page's footer and tags, kept per stamp
    (cms.models.sites). One created empty (Wagtail makes it on first reading) shows
    nothing yet: no change."""
    if not raw and not created:
        PublicationStamp.bump()


@receiver(pre_save, sender=CalendarDay)
def remember_calendar_year(sender, instance, raw=False, **kwargs):
    """A day moved to another year changes the year it left as well."""
    if instance.pk and not raw:
        before = CalendarDay.objects.filter(pk=instance.pk).values_list("date", flat=True)
        instance._previous_year = before[0].year if before else None


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def announce_calendar_change(sender, instance, raw=False, **kwargs):
    """Tell the plugins, once the change committed, which years' working days changed, so
    they recompute the deadlines counted on them (hook ``calendar_changed``)."""
    if raw:
        return
    years = sorted({instance.date.year, instance.__dict__.pop("_previous_year", None)} - {None})
    transaction.on_commit(lambda: plugin_manager.call_each("calendar_changed", years=years))
