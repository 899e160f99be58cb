"""How a policy's validity record follows its publication, its relations and the calendar.

Every change goes through ``change``: the record, the history row, the audit log, the
publication stamp (cached API answers move on), the search index and an outbox event
(``validity.changed``) for the channels, all in the caller's transaction.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.plugin_api import PublicationStamp, in_bundle, record_event, today
from plugins.validity import registration, rules
from plugins.validity.models import PolicyRelation, PolicyValidity, State, ValidityChange
from search.indexing import schedule

# The outbox event of a live policy coming into force, expiring, or amended or repealed by
# another (declared by the hook ``event_kinds``; the channels' mail has its wording).
VALIDITY_CHANGED = "validity.changed"


@transaction.atomic  # within the bundle's transaction; its own when a page is published alone
def policy_published(policy) -> None:
    """A policy went live: settle its own record, then every policy it amends or repeals."""
    settle(policy, cause=policy, on=today())
    for relation in policy.validity_relations.select_related("target"):
        record = PolicyValidity.objects.filter(policy_id=relation.target_id).first()
        if record is None:
            settle(relation.target.specific, cause=policy, on=today())
        else:
            refresh(record, on=today(), cause=policy)


@transaction.atomic
def policy_withdrawn(policy) -> None:
    """A policy was withdrawn: it has no validity the public sees until it is published
    again (kept in the history, so a year's counts leave it out), and what it amended or
    repealed is judged again without it."""
    own = PolicyValidity.objects.select_for_update().filter(policy_id=policy.pk).first()
    if own is not None and own.state:
        ValidityChange.objects.create(
            policy_id=own.pk, on=today(), from_state=own.state, to_state="", by=policy
        )
        own.state = ""
        own.save(update_fields=["state"])
    # The ids first: PostgreSQL locks no rows of a DISTINCT query.
    targets = PolicyRelation.objects.filter(policy=policy).values_list("target_id", flat=True)
    for record in PolicyValidity.objects.filter(pk__in=list(targets)).select_for_update():
        refresh(record, on=today(), cause=policy)


def published_alone(sender, instance, **kwargs):
    """``page_published`` of a policy published outside a bundle (the importer, a page
    published on its own, a shell): the same change as ``bundle_publishing``, which
    serves a bundle's publication."""
    if not in_bundle(instance):
        policy_published(instance)


def withdrawn_alone(sender, instance, **kwargs):
    """``page_unpublished`` of a policy withdrawn outside ``withdraw_bundle`` (a shell, a
    deletion): the same change as ``bundle_withdrawing``."""
    if not in_bundle(instance):
        policy_withdrawn(instance)


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


def _event(before: str, state: str, day: date) -> dict:
    """What a ``validity.changed`` event tells subscribers: the states, with the site's
    labels (a mail names them), and the day the change took effect."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "from": before,
            "to": state,
            "from_label": str(State(before).label),
            "to_label": str(State(state).label),
            "on": day.isoformat(),
        }


def change(record: PolicyValidity, state: str, *, changed_by, cause, on: date) -> None:
    """Move a record to a new state, with everything that must follow in the same
    transaction.

    The history row is dated when the change took effect (``took_effect``), not ``on``,
    the day it is written: a document imported years after it expired counts in the
    year it expired. A first record written after the fact also gets the states its
    dates gave since it was issued (``dated_history``)."""
    before = record.state
    record.state, record.changed_by = state, changed_by
    _save(record)
    policy = record.policy
    history = ValidityChange.objects.filter(policy_id=record.policy_id)
    last = history.order_by("-on", "-pk").values_list("on", flat=True).first()
    day = took_effect(record, before, state, changed_by, on=on, after=last)
    rows = [] if last is not None else dated_history(record, policy.issued_on, until=day)
    previous = rows[-1][2] if rows else before
    if state != previous or not rows:
        rows.append((day, previous, state))
    for row_day, from_state, to_state in rows:
        ValidityChange.objects.create(
            policy_id=record.policy_id, on=row_day, from_state=from_state, to_state=to_state,
            by=cause,
        )  # fmt: skip
    log(
        instance=policy,
        action="validity.change",
        data={"from": before, "to": state, "on": day.isoformat(), "by": getattr(cause, "pk", None)},
    )
    if policy.live and before:  # a first record is part of the publication's own event
        PublicationStamp.bump()
        schedule(policy.pk)
        record_event(
            policy,
            VALIDITY_CHANGED,
            extra={"validity": _event(before, state, day)},
        )


def took_effect(record, before: str, state: str, changed_by, *, on: date, after=None) -> date:
    """The day a change written on ``on`` took effect: the day after the last day for an
    expiry, the effective date for a document coming into force, the effective date of
    the amending or repealing policy; ``on`` for what has no date of its own (a
    cleanup's declaration, a withdrawal undone). Never before the last recorded change
    (``after``), never after ``on``."""
    day = on
    if record.declared and record.declared == state and state != State.EXPIRED:
        day = on  # declared by a cleanup (or an old system) on the day it was recorded
    elif state == State.EXPIRED and record.expires_on is not None:
        day = record.expires_on + timedelta(days=1)
    elif state in (State.REPEALED, State.AMENDED) and changed_by is not None:
        day = rules.terms_of(changed_by.specific)[0]
    elif state == State.IN_FORCE and before in ("", State.NOT_YET_EFFECTIVE):
        day = record.effective_from
    elif state == State.NOT_YET_EFFECTIVE and not before:
        day = min(record.policy.issued_on, on)
    if after is not None:
        day = max(day, after)
    return min(day, on)


def dated_history(record, issued_on: date, *, until: date) -> list[tuple[date, str, str]]:
    """(day, from, to) of the states a policy's dates gave from its issue until (not
    including) ``until``: what a first record written years later (an import) had been."""
    start = min(issued_on, record.effective_from)
    days = {start, record.effective_from}
    if record.expires_on is not None:
        days.add(record.expires_on + timedelta(days=1))
    rows, before = [], ""
    for day in sorted(days):
        if day >= until:
            break
        state = rules.dated_state(record.effective_from, record.expires_on, day)
        if state != before:
            rows.append((day, before, state))
            before = state
    return rows


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
    return str(State(state).label) if state else _("Unknown")
