"""What the public sees of a policy's validity: its state, dates and number, and the
policies that changed it or that it changed, each with a link."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.plugin_api import kept_for_stamp, public_policies, shaped_rows, stamp_of
from plugins.validity.models import PolicyRelation, PolicyValidity, State

# What a reader of a policy in each state is told first.
NOTICES = {
    State.AMENDED: _("This document has been amended by “%(title)s”."),
    State.REPEALED: _("This document has been repealed by “%(title)s”."),
    State.EXPIRED: _("This document expired on %(date)s."),
    State.NOT_YET_EFFECTIVE: _("This document comes into force on %(date)s."),
}
CHANGED = {
    PolicyRelation.Kind.AMENDS: _("This document amends “%(title)s”."),
    PolicyRelation.Kind.REPEALS: _("This document repeals “%(title)s”."),
    PolicyRelation.Kind.REPLACES: _("This document replaces “%(title)s”."),
}

# What a reader of a policy is told of each live policy that amended, repealed or replaced
# it, whatever its state now (an expired document amended before it lapsed, say).
RECEIVED = {
    PolicyRelation.Kind.AMENDS: _("This document has been amended by “%(title)s”."),
    PolicyRelation.Kind.REPEALS: _("This document has been repealed by “%(title)s”."),
    PolicyRelation.Kind.REPLACES: _("This document has been replaced by “%(title)s”."),
}

# The same, said on an interpretation's page of the policy: there "this document" would
# read as the interpretation itself.
INTERPRETED_NOTICES = {
    State.AMENDED: pgettext_lazy(
        "on an interpretation's page", "The document interpreted has been amended by “%(title)s”."
    ),
    State.REPEALED: pgettext_lazy(
        "on an interpretation's page", "The document interpreted has been repealed by “%(title)s”."
    ),
    State.EXPIRED: pgettext_lazy(
        "on an interpretation's page", "The document interpreted expired on %(date)s."
    ),
    State.NOT_YET_EFFECTIVE: pgettext_lazy(
        "on an interpretation's page", "The document interpreted comes into force on %(date)s."
    ),
}
INTERPRETED_CHANGED = {
    PolicyRelation.Kind.AMENDS: pgettext_lazy(
        "on an interpretation's page", "The document interpreted amends “%(title)s”."
    ),
    PolicyRelation.Kind.REPEALS: pgettext_lazy(
        "on an interpretation's page", "The document interpreted repeals “%(title)s”."
    ),
    PolicyRelation.Kind.REPLACES: pgettext_lazy(
        "on an interpretation's page", "The document interpreted replaces “%(title)s”."
    ),
}
INTERPRETED_RECEIVED = {
    PolicyRelation.Kind.AMENDS: pgettext_lazy(
        "on an interpretation's page", "The document interpreted has been amended by “%(title)s”."
    ),
    PolicyRelation.Kind.REPEALS: pgettext_lazy(
        "on an interpretation's page", "The document interpreted has been repealed by “%(title)s”."
    ),
    PolicyRelation.Kind.REPLACES: pgettext_lazy(
        "on an interpretation's page", "The document interpreted has been replaced by “%(title)s”."
    ),
}


def as_interpreted(facts: dict) -> dict:
    """``facts`` with their sentences said of the policy an interpretation's page explains
    (所解读的文件已被《…》废止), not of "this document"; the facts themselves unchanged."""
    notice = ""
    if facts["notice"]:
        by = facts["changed_by"]
        day = facts["expires_on"] if facts["state"] == State.EXPIRED else facts["effective_from"]
        notice = str(
            INTERPRETED_NOTICES[facts["state"]] % {"title": by["title"] if by else "", "date": day}
        )

    def said(items, texts):
        return [
            {**item, "text": str(texts[item["kind"]] % {"title": item["title"]})} for item in items
        ]

    return {
        **facts,
        "notice": notice,
        "changes": said(facts["changes"], INTERPRETED_CHANGED),
        "changed_in": said(facts["changed_in"], INTERPRETED_RECEIVED),
    }


def _ref(policy) -> dict:
    return {"id": policy.pk, "title": policy.title, "url": policy.url}


def facts_for_index(policy, request=None) -> dict | None:
    """``facts``, read once per policy object: the index document asks twice (its fields
    and its text) of an object read for it alone, and a policy's page twice (its metadata
    rows and its notice) of the page it serves (``request``: at its publication stamp)."""
    if "_validity_facts" not in policy.__dict__:
        stamp = stamp_of(request) if request is not None else None
        policy.__dict__["_validity_facts"] = facts(policy, stamp=stamp)
    return policy.__dict__["_validity_facts"]


@kept_for_stamp
def related_policy_ids() -> frozenset[int]:
    """Every policy that amends, repeals or replaces another, or is so changed. Kept per
    publication stamp (relations change with a publication, which moves it): most
    policies are in none, and their facts then read no relation."""
    pairs = PolicyRelation.objects.values_list("policy_id", "target_id")
    return frozenset(pk for pair in pairs for pk in pair)


def _relations(policy_id: int, stamp) -> tuple[list, list]:
    """The policy's relations to public policies, in one query: those it has (in the
    editor's order) and those it received (by when their policy was first published)."""
    return _relations_of([policy_id], stamp)[policy_id]


def _relations_of(policy_ids: list[int], stamp) -> dict[int, tuple[list, list]]:
    """``_relations`` of each of the policies, in one query (none when no policy is in a
    relation, as most are not)."""
    related = related_policy_ids(stamp=stamp)
    out: dict[int, tuple[list, list]] = {pk: ([], []) for pk in policy_ids}
    ids = [pk for pk in policy_ids if pk in related]
    if not ids:
        return out
    public = public_policies().values("pk")
    rows = list(
        PolicyRelation.objects.filter(
            Q(policy_id__in=ids, target__in=public) | Q(target_id__in=ids, policy__in=public)
        ).select_related("policy", "target")
    )
    for policy_id in ids:
        changed = sorted(
            (r for r in rows if r.policy_id == policy_id), key=lambda r: (r.sort_order or 0, r.pk)
        )
        changed_in = sorted(
            (r for r in rows if r.target_id == policy_id),
            key=lambda r: (
                r.policy.first_published_at is None,
                r.policy.first_published_at,
                r.pk,
            ),
        )
        out[policy_id] = (changed, changed_in)
    return out


def _record(policy_id: int):
    return PolicyValidity.objects.filter(pk=policy_id).order_by()


def facts(policy, stamp: tuple[int, int] | None = None) -> dict | None:
    """The policy's validity as every public output shows it, or None while it has none
    (``stamp``: the request's publication stamp, when a page asks)."""
    # Plain queries first: most policies were changed by none and change none, and the
    # index asks this of every policy it writes.
    # The policy is the primary key: one row at most, no order to build. A public page's
    # with the SQL kept for its stamp: only the policy's id differs from page to page.
    if stamp is not None:
        records = shaped_rows(("validity record",), _record, (policy.pk,), stamp=stamp)
    else:
        records = _record(policy.pk)
    record = next(iter(records), None)
    if record is None or not record.state:  # none yet, or withdrawn
        return None
    return _facts(policy, record, _relations(policy.pk, stamp))


def keep_facts(policies) -> None:
    """Read the facts of the policies that have not read theirs (``facts_for_index``) and
    keep them on each: their records in one query, their relations in one more when any
    is in one (the index asks a batch at a time)."""
    unread = {p.pk: p for p in policies if "_validity_facts" not in p.__dict__}
    if not unread:
        return
    records = {r.pk: r for r in PolicyValidity.objects.filter(pk__in=list(unread)).order_by()}
    stated = [pk for pk in unread if pk in records and records[pk].state]
    # The stamp read once for the batch, not once per policy by related_policy_ids.
    relations = _relations_of(stated, stamp_of()) if stated else {}
    for pk, policy in unread.items():
        record = records.get(pk)
        facts = None
        if record is not None and record.state:  # none yet, or withdrawn
            facts = _facts(policy, record, relations[pk])
        policy.__dict__["_validity_facts"] = facts


def _facts(policy, record, relations: tuple[list, list]) -> dict:
    """The facts of a policy with a validity ``record`` and those ``relations``."""
    notice = NOTICES.get(record.state)
    date = record.expires_on if record.state == State.EXPIRED else record.effective_from
    changed, changed_in = relations
    by = next((r.policy for r in changed_in if r.policy_id == record.changed_by_id), None)
    if by is None and record.changed_by_id:
        by = public_policies().filter(pk=record.changed_by_id).first()
    changes = [
        {"kind": r.kind, "text": str(CHANGED[r.kind] % {"title": r.target.title}), **_ref(r.target)}
        for r in changed
    ]
    # The other way: every public policy that amends, repeals or replaces this one; the
    # notice above names the one that decided the state, so it is not listed twice.
    received = [
        {"kind": r.kind, "text": str(RECEIVED[r.kind] % {"title": r.policy.title}),
         **_ref(r.policy)}
        for r in changed_in
        if not (by and notice and r.policy_id == by.pk)
    ]  # fmt: skip
    return {
        "state": record.state,
        "state_label": str(State(record.state).label),
        "effective_from": record.effective_from.isoformat(),
        "expires_on": record.expires_on.isoformat() if record.expires_on else None,
        "registration_number": record.registration_number or "",
        "changed_by": _ref(by) if by else None,
        "notice": (
            str(notice % {"title": by.title if by else "", "date": date.isoformat()})
            if notice and (by or record.state in (State.EXPIRED, State.NOT_YET_EFFECTIVE))
            else ""
        ),
        "changes": changes,
        "changed_in": received,
    }
