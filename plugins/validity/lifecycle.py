"""How a policy's validity record follows its publication, its relations and the calendar.

Every change goes through ``change``: the record, the history row, the audit log, the
publication stamp (cached API answers move on), the search index and an outbox event
(``validity.changed``) for the channels, all in the caller's transaction.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.models import OutboxEvent, PublicationStamp
from cms.outbox import record_event
from cms.workdays import today
from search.indexing import schedule

from . import registration, rules
from .models import PolicyRelation, PolicyValidity, ValidityChange


@transaction.atomic  # within the bundle's transaction; its own when a page is published alone
def policy_published(sender, instance, **kwargs):
    """A policy went live: settle its own record, then every policy it amends or repeals."""
    settle(instance, cause=instance, on=today())
    for relation in instance.validity_relations.select_related("target"):
        record = PolicyValidity.objects.filter(policy_id=relation.target_id).first()
        if record is None:
            settle(relation.target.specific, cause=instance, on=today())
        else:
            refresh(record, on=today(), cause=instance)


@transaction.atomic
def policy_withdrawn(sender, instance, **kwargs):
    """A policy was withdrawn: it has no validity the public sees until it is published
    again (kept in the history, so a year's counts leave it out), and what it amended or
    repealed is judged again without it."""
    own = PolicyValidity.objects.select_for_update().filter(policy_id=instance.pk).first()
    if own is not None and own.state:
        ValidityChange.objects.create(
            policy_id=own.pk, on=today(), from_state=own.state, to_state="", by=instance
        )
        own.state = ""
        own.save(update_fields=["state"])
    # The ids first: PostgreSQL locks no rows of a DISTINCT query.
    targets = PolicyRelation.objects.filter(policy=instance).values_list("target_id", flat=True)
    for record in PolicyValidity.objects.filter(pk__in=list(targets)).select_for_update():
        refresh(record, on=today(), cause=instance)


def settle(policy, *, cause=None, on: date) -> PolicyValidity:
    """Create or update a policy's record from its terms as published; give a normative
    document its registration number on its first publication."""
    effective_from, expires_on = rules.terms_of(policy)
    record = PolicyValidity.objects.select_for_update().filter(policy_id=policy.pk).first()
    if record is None:
        record = PolicyValidity(policy=policy, state="")
    record.effective_from, record.expires_on = effective_from, expires_on
    if rules.tracked(policy) and not record.registration_number and policy.live:
        record.registration_number = registration.assign(policy)
    # A new record is written once, with its first state (by ``change``).
    return refresh(record, on=on, cause=cause, force_save=True)


def refresh(record: PolicyValidity, *, on: date, cause=None, force_save=False) -> PolicyValidity:
    """Judge a record again on a day; record a change when its state moved."""
    state, changed_by = rules.state_on(
        record.policy_id, record.effective_from, record.expires_on, on, record.declared
    )
    if state != record.state or changed_by != record.changed_by:
        change(record, state, changed_by=changed_by, cause=cause or changed_by, on=on)
    elif force_save:
        _save(record)
    return record


def _save(record: PolicyValidity) -> None:
    # Its key is the policy's, so a plain save of a new record would try an UPDATE first.
    record.save(force_insert=record._state.adding)


def change(record: PolicyValidity, state: str, *, changed_by, cause, on: date) -> None:
    """Move a record to a new state, with everything that must follow in the same
    transaction."""
    before = record.state
    record.state, record.changed_by = state, changed_by
    _save(record)
    ValidityChange.objects.create(
        policy_id=record.policy_id, on=on, from_state=before, to_state=state, by=cause
    )
    policy = record.policy
    log(
        instance=policy,
        action="validity.change",
        data={"from": before, "to": state, "on": on.isoformat(), "by": getattr(cause, "pk", None)},
    )
    if policy.live and before:  # a first record is part of the publication's own event
        PublicationStamp.bump()
        schedule(policy.pk)
        record_event(policy, OutboxEvent.Kind.VALIDITY_CHANGED)


def refresh_all(on: date | None = None) -> int:
    """Move every live policy whose dates have come (the daily task); returns how many
    changed. Each policy in its own transaction: one failure stops no other."""
    on = on or today()
    changed = 0
    for pk in PolicyValidity.objects.filter(policy__live=True).values_list("pk", flat=True):
        with transaction.atomic():
            record = PolicyValidity.objects.select_for_update().get(pk=pk)
            before = record.state
            if refresh(record, on=on).state != before:
                changed += 1
    return changed


def state_label(state: str) -> str:
    from .models import State

    return str(State(state).label) if state else _("Unknown")
