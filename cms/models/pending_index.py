"""Policies whose search documents are still to be written, recorded in the transaction
that changed them (the outbox pattern, as ``cms.delivery.outbox`` records channel events).

The task that indexes after the commit deletes the rows it covered. A process that dies
between the commit and that task (an import stopped right after a batch committed, a
broker that lost the task) leaves its rows behind, and the sweep writes them: Celery
beat every minute, and an import run continuing a stopped one at once.
"""

import threading
from collections.abc import Iterable

from django.db import models, transaction
from django.utils import timezone


class _Recorded(threading.local):
    def __init__(self):
        self.ids: set[int] = set()
        self.transaction = None  # the outermost atomic block they were recorded in


# The policies recorded in the current transaction: recorded once however often asked
# (a bulk import records its batch at once, then publishes each page).
_recorded = _Recorded()


def _forget() -> None:
    _recorded.ids, _recorded.transaction = set(), None


class PendingIndex(models.Model):
    # No foreign key: a deleted policy's document must still leave the index.
    policy_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "pending search index update"

    def __str__(self):
        return f"policy {self.policy_id} since {self.created_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def record(cls, policy_ids: Iterable[int]) -> None:
        """Record these policies in the current transaction (nothing outside one: there
        the indexing task is sent at once)."""
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            return
        outermost = connection.atomic_blocks[0]
        if not connection.run_on_commit or _recorded.transaction is not outermost:
            _forget()  # a new transaction, or what one that rolled back left
            _recorded.transaction = outermost
        new = {int(pk) for pk in policy_ids if pk} - _recorded.ids
        if not new:
            return
        if not _recorded.ids:
            transaction.on_commit(_forget, robust=True)
        now = timezone.now()
        cls.objects.bulk_create([cls(policy_id=pk, created_at=now) for pk in sorted(new)])
        _recorded.ids |= new
