"""The validity rules as plain functions of dates and relations (docs/domain.md, Validity).

Dates are days in Asia/Shanghai: a document applies from the start of its effective date
to the end of its last day, whatever the server's clock zone.
"""

from __future__ import annotations

from datetime import date, timedelta

from cms.plugin_api import PolicyPage
from plugins.validity import conf
from plugins.validity.models import PolicyRelation, State


def tracked(policy) -> bool:
    """Whether the policy is of a doc type whose validity is managed (规范性文件)."""
    return policy.doc_type in conf.get("VALIDITY_DOC_TYPES")


def public_doc_types() -> set[str]:
    """The doc types whose validity the public sees."""
    return {*conf.get("VALIDITY_PUBLIC_DOC_TYPES"), *conf.get("VALIDITY_DOC_TYPES")}


def shown(policy) -> bool:
    """Whether the public sees the policy's validity (a normative document, a rule)."""
    return policy.doc_type in public_doc_types()


def years_later(day: date, years: int) -> date:
    """The anniversary ``years`` later; 29 February's is 1 March in a common year, so a
    term that starts on it ends on 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def default_expiry(effective_from: date, title: str) -> date:
    """The last day of a normative document that states none: five years (two when its
    title says it is provisional, 暂行 or 试行), counted from the effective date."""
    provisional = any(word in title for word in conf.get("VALIDITY_PROVISIONAL_WORDS"))
    years = conf.get("VALIDITY_PROVISIONAL_YEARS" if provisional else "VALIDITY_DEFAULT_YEARS")
    return years_later(effective_from, years) - timedelta(days=1)


def terms_of(policy) -> tuple[date, date | None]:
    """(effective from, last day) of a policy: what it states, else the defaults."""
    terms = policy.validity_terms.last()  # the panel allows one; the latest if ever more
    effective_from = (terms and terms.effective_from) or policy.issued_on
    expires_on = terms and terms.expires_on
    if expires_on is None and tracked(policy):
        expires_on = default_expiry(effective_from, policy.title)
    return effective_from, expires_on


def dated_state(effective_from: date, expires_on: date | None, on: date) -> str:
    """The state the dates alone give on a day."""
    if on < effective_from:
        return State.NOT_YET_EFFECTIVE
    if expires_on is not None and on > expires_on:
        return State.EXPIRED
    return State.IN_FORCE


def live_relations_to(policy_id: int):
    """Relations to a policy from live policies, the latest published first."""
    return (
        PolicyRelation.objects.filter(target_id=policy_id, policy__live=True)
        .select_related("policy")
        .order_by("-policy__first_published_at", "-pk")
    )


def state_on(
    policy_id: int, effective_from: date, expires_on: date | None, on: date, declared: str = ""
):
    """(state, the live policy that caused it or None) of a policy on a day.

    A live repeal (or replacement) decides; otherwise the dates do, and a live amendment
    marks a document in force as amended. A repealing policy withdrawn no longer counts,
    so withdrawing it restores what the dates and other relations give. What a cleanup
    campaign declared (repealed, invalid) wins over both.
    """
    state, cause = _related_or_dated(policy_id, effective_from, expires_on, on)
    if declared:
        # The policy that repealed it, when there is one, is still the one to link to.
        return declared, cause if state == declared else None
    return state, cause


def _related_or_dated(policy_id, effective_from, expires_on, on):
    # Kinds and ids first: most policies have no relation, and every publication asks.
    relations = list(live_relations_to(policy_id).values_list("kind", "policy_id"))
    for kind, by in relations:
        if kind != PolicyRelation.Kind.AMENDS:
            return State.REPEALED, PolicyPage.objects.get(pk=by)
    state = dated_state(effective_from, expires_on, on)
    if state == State.IN_FORCE and relations:
        return State.AMENDED, PolicyPage.objects.get(pk=relations[0][1])
    return state, None
