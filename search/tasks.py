"""Celery tasks of the search index."""

from celery import shared_task


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def update_policies(policy_ids: list[int]) -> int:
    """(Re)index or remove each policy; returns how many are in the index now."""
    from cms.models import PublicationStamp

    from .indexing import update_policy

    indexed = sum(update_policy(pk) for pk in policy_ids)
    # Search answers are cached by the publication stamp's ETag; the index only now
    # shows the change, so move the stamp on once more.
    PublicationStamp.bump()
    return indexed
