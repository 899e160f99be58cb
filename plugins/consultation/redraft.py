"""The clauses follow the published draft: a publication (the first, or a redraft's)
splits its text again, keeps the clauses whose anchors it still has, adds the new ones and
retires (never deletes) the ones it dropped, which comments may still refer to."""

from __future__ import annotations

from django.db import transaction

from plugins.consultation.clauses import split_clauses
from plugins.consultation.models import Clause


def sync_clauses(consultation) -> None:
    """Make the consultation's current clauses those of its ``draft_text``."""
    parts = split_clauses(consultation.draft_text)
    with transaction.atomic():
        existing = {c.anchor: c for c in Clause.objects.filter(consultation=consultation)}
        for order, part in enumerate(parts):
            clause = existing.pop(part.anchor, None) or Clause(
                consultation=consultation, anchor=part.anchor
            )
            clause.label, clause.text, clause.sort_order = part.label, part.text, order
            clause.current = True
            clause.save()
        Clause.objects.filter(pk__in=[c.pk for c in existing.values()]).update(current=False)


def draft_published(sender, instance, **kwargs) -> None:
    """Wagtail's page_published, for a consultation: its clauses follow the live text."""
    sync_clauses(instance)
