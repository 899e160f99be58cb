"""Keeping the index in step with publishing (docs/architecture.md#search).

Publishing, withdrawing, editing or deleting a policy or an interpretation, renaming an
agency or division, and uploading or replacing an attached document queue a Celery task
once the transaction commits. The task reads the policy afresh: a public policy is
(re)indexed, anything else is removed. A broker that refuses the task or an engine that
is down never blocks publishing: the failure is logged, the task retries with backoff,
and ``search_index rebuild`` mends the rest.

The transaction also records each policy in ``PendingIndex`` (the outbox pattern): the
task deletes the rows it covered, and what a process that died before its task left
behind is written by ``sweep_pending`` (beat, every minute; an import continuing a
stopped run, at once). Indexing a committed change never depends on the process
surviving the commit.
"""

import datetime
import logging
import threading
from collections.abc import Iterable

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from cms.models import (
    Agency,
    Division,
    PendingIndex,
    PolicyAttachment,
    PolicyPage,
    PublicationStamp,
)
from cms.models.documents import keep_text
from cms.review.moments import in_bundle
from cms.tasks import INDEX_TASK_OPTIONS
from interpretations.models import InterpretationPage
from search import documents
from search.backends import get_backend

logger = logging.getLogger(__name__)

# A publication's time is set before its transaction commits; look back far enough to
# cover the longest one.
CATCH_UP_MARGIN = datetime.timedelta(minutes=5)
# Policies indexed per write.
BATCH = 200


def update_policy(policy_id: int) -> bool:
    """Index the policy's current document, or remove it; True when it is indexed."""
    return bool(update_many([policy_id]))


def update_many(policy_ids: Iterable[int]) -> int:
    """Index the current documents of these policies in one write, and remove the ones
    that are not public; returns how many are indexed."""
    ids = set(policy_ids)
    found = list(documents.documents_for(ids))
    gone = ids - {document["id"] for document in found}
    if gone:
        get_backend().delete_documents(sorted(gone))
    if found:
        get_backend().index_documents(found)
    return len(found)


def catch_up(since: datetime.datetime, indexed: Iterable[int]) -> int:
    """Replay what changed while a rebuild read the database; returns how many policies.

    The rebuild reads each policy once. An edit or a withdrawal of a policy it had
    already read went, through the usual task, to the index being replaced, so it is
    applied again here: policies published since ``since`` (or whose interpretation
    was), policies public now but not indexed, and indexed ones no longer public.
    """
    since -= CATCH_UP_MARGIN
    indexed = set(indexed)
    public = set(documents.public_ids())
    changed = set(
        PolicyPage.objects.filter(last_published_at__gte=since).values_list("pk", flat=True)
    )
    changed.update(
        _policy_id_of(page)
        for page in InterpretationPage.objects.filter(last_published_at__gte=since).only("path")
    )
    ids = sorted((changed | (public ^ indexed)) - {None})
    for start in range(0, len(ids), BATCH):
        update_many(ids[start : start + BATCH])
    return len(ids)


@shared_task(name="search.tasks.update_policies", **INDEX_TASK_OPTIONS)
def update_policies(policy_ids: list[int]) -> int:
    """(Re)index or remove each policy; returns how many are in the index now."""
    indexed = _index_and_forget(policy_ids)
    # Search answers are cached by the publication stamp's ETag; the index only now
    # shows the change, so move the stamp on once more.
    PublicationStamp.bump()
    return indexed


def _index_and_forget(policy_ids: list[int], rows: list[int] | None = None) -> int:
    """Index these policies, then delete the pending rows (``rows``, or those of these
    policies) read before their documents were: a row recorded meanwhile stays."""
    if rows is None:
        rows = _pending_rows(policy_ids)
    indexed = sum(
        update_many(policy_ids[start : start + BATCH]) for start in range(0, len(policy_ids), BATCH)
    )
    for start in range(0, len(rows), BATCH * 5):
        PendingIndex.objects.filter(pk__in=rows[start : start + BATCH * 5]).delete()
    return indexed


def _pending_rows(policy_ids: list[int]) -> list[int]:
    rows = []
    for start in range(0, len(policy_ids), BATCH * 5):
        chunk = policy_ids[start : start + BATCH * 5]
        rows += PendingIndex.objects.filter(policy_id__in=chunk).values_list("pk", flat=True)
    return rows


def sweep_pending(grace_seconds: float | None = None) -> int:
    """Index the policies whose pending rows are older than the grace period (default
    ``SEARCH_SWEEP_GRACE_SECONDS``: younger ones are their own task's) and forget the
    rows; returns how many policies."""
    if grace_seconds is None:
        grace_seconds = settings.SEARCH_SWEEP_GRACE_SECONDS
    before = timezone.now() - datetime.timedelta(seconds=grace_seconds)
    pending = PendingIndex.objects.filter(created_at__lte=before).values_list("pk", "policy_id")
    rows, ids = [], set()
    for pk, policy_id in pending:
        rows.append(pk)
        ids.add(policy_id)
    if not rows:
        return 0
    _index_and_forget(sorted(ids), rows)
    PublicationStamp.bump()
    logger.info("indexed %d policies a stopped process had left pending", len(ids))
    return len(ids)


@shared_task(name="search.tasks.sweep_pending_index", **INDEX_TASK_OPTIONS)
def sweep_pending_index() -> int:
    """Beat: index what a process that died after its commit left pending."""
    return sweep_pending()


def sweep_all_pending() -> int:
    """Every pending row, whatever its age (an import continuing a stopped run)."""
    return sweep_pending(grace_seconds=0)


def _queue(policy_ids: list[int]) -> None:
    try:
        update_policies.delay(policy_ids)
    except Exception:
        logger.exception("could not queue search indexing of policies %s", policy_ids)


def schedule(*policy_ids: int) -> None:
    """Reindex these policies after the current transaction commits.

    Public for plugins: call it when a field you add through ``extra_search_fields``
    changes outside a publication. The policies scheduled in one transaction go to the
    index in one task (a bulk import publishes hundreds in one).
    """
    ids = {int(pk) for pk in policy_ids if pk}
    if ids:
        connection = transaction.get_connection()
        if connection.in_atomic_block and not connection.run_on_commit:
            _pending.ids = set()  # left by a transaction that rolled back
        _pending.ids.update(ids)
        PendingIndex.record(ids)
        # One callback per call, each sending whatever is pending: a callback of a
        # savepoint that rolls back is dropped, and a later one still sends its ids.
        transaction.on_commit(_send_pending, robust=True)


class _Pending(threading.local):
    def __init__(self):
        self.ids: set[int] = set()


_pending = _Pending()


def _send_pending() -> None:
    ids, _pending.ids = sorted(_pending.ids), set()
    if ids:
        _queue(ids)


def _policy_id_of(page) -> int | None:
    if isinstance(page, PolicyPage):
        return page.pk
    if isinstance(page, InterpretationPage) and page.path:
        # add_child (and the importer) leave the parent on the new page: no query then.
        cached = getattr(page, "_cached_parent_obj", None)
        if cached is not None:
            return cached.pk
        parent = Page.objects.filter(path=page.path[: -Page.steplen]).values_list("pk")[:1]
        return parent[0][0] if parent else None
    return None


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    """A page published or withdrawn outside a bundle (on its own, by the importer); a
    bundle's publication and withdrawal schedule their policy in their own sequence
    (``cms/review/bundle.py``, through ``cms.operations.index_sweep``)."""
    if not in_bundle(instance):
        schedule(_policy_id_of(instance))


@receiver(post_delete, sender=PolicyPage)
@receiver(post_delete, sender=InterpretationPage)
def _page_deleted(sender, instance, **kwargs):
    schedule(_policy_id_of(instance))


@receiver(post_save, sender=Agency)
@receiver(post_save, sender=Division)
def _names_changed(sender, instance, created=False, raw=False, **kwargs):
    if created or raw:
        return
    field = "agency" if sender is Agency else "division"
    schedule(*PolicyPage.objects.filter(**{field: instance}).values_list("pk", flat=True))


def _document_saved(sender, instance, raw=False, **kwargs):
    """A document was uploaded or replaced: keep its text, then index again the policies
    it is attached to (their documents carry it)."""
    if raw:
        return

    def after_commit():
        keep_text(instance)
        attached = PolicyAttachment.objects.filter(document_id=instance.pk)
        schedule(*attached.values_list("page_id", flat=True))

    transaction.on_commit(after_commit, robust=True)


post_save.connect(_document_saved, sender=get_document_model())
