"""Validity carried over by a migration (``import_policies``): the dates, the state the
old system recorded, the registration number and what a document amends or repeals.

Keys of a line, each optional; a key that is absent leaves the policy as it is:

- ``effective_from``, ``expires_on``: dates like 2024-03-01 (empty: the defaults). Given
  either, both are taken from the line.
- ``validity``: one of the states, by value or label. 已废止 and 已失效 are recorded as
  declared, as a cleanup would (the old system knew why); the others must agree with the
  dates.
- ``registration_number``: kept instead of a new one (normative documents only).
- ``amends``, ``repeals``, ``replaces``: document numbers (a list, or one string split
  at commas and 、) of policies already imported; the same agency's first. An unknown
  number fails the line, named: import the earlier documents first, or run the file
  again, since a re-run imports what failed and leaves the rest alone.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from cms.plugin_api import PolicyPage, today
from plugins.validity import rules
from plugins.validity.models import PolicyRelation, PolicyValidity, State, ValidityTerms

RELATION_KEYS = [kind.value for kind in PolicyRelation.Kind]
# States the old system may declare, as a cleanup does; the others follow from the dates.
DECLARABLE = {State.REPEALED, State.EXPIRED}
# The state the dates must give for a recorded state that is not declared.
DATED = {
    State.IN_FORCE: State.IN_FORCE,
    State.AMENDED: State.IN_FORCE,
    State.NOT_YET_EFFECTIVE: State.NOT_YET_EFFECTIVE,
}


def read(policy, data: dict) -> bool:
    """Apply the line's validity fields to the policy; True when anything changed."""
    changed = False
    if "effective_from" in data or "expires_on" in data:
        changed |= _set_terms(policy, _date(data, "effective_from"), _date(data, "expires_on"))
    if any(key in data for key in RELATION_KEYS):
        changed |= _set_relations(policy, data)
    record_fields = {}
    if "validity" in data:
        record_fields["declared"] = _declared(policy, data.get("validity"))
    number = _string(data, "registration_number", 60)
    if number:
        record_fields["registration_number"] = _registration_number(policy, number)
    if record_fields:
        changed |= _write_record(policy, record_fields)
    return changed


def _string(data: dict, key: str, max_length: int) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise ValidationError(_("Field “%(field)s” must be a string.") % {"field": key})
    value = str(value).strip()
    if len(value) > max_length:
        raise ValidationError(
            _("Field “%(field)s” is longer than %(max)d characters.")
            % {"field": key, "max": max_length}
        )
    return value


def _date(data: dict, key: str) -> date | None:
    value = _string(data, key, 30)
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValidationError(
            _("Field “%(field)s” must be a date like 2024-03-01, not “%(value)s”.")
            % {"field": key, "value": value}
        ) from None


def _set_terms(policy, effective_from, expires_on) -> bool:
    start = effective_from or policy.issued_on
    if expires_on is not None and expires_on < start:
        raise ValidationError(
            _("“expires_on” (%(end)s) is before the document takes effect (%(start)s).")
            % {"end": expires_on, "start": start}
        )
    current = policy.validity_terms.last()
    if current is not None and (current.effective_from, current.expires_on) == (
        effective_from,
        expires_on,
    ):
        return False
    if current is None and effective_from is None and expires_on is None:
        return False
    policy.validity_terms = [ValidityTerms(effective_from=effective_from, expires_on=expires_on)]
    return True


def _numbers(data: dict, key: str) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = value.replace("，", ",").replace("、", ",").split(",")
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(
            _("Field “%(field)s” must be a list of document numbers.") % {"field": key}
        )
    return list(dict.fromkeys(item.strip() for item in value if item.strip()))


def find_target(policy, doc_number: str) -> PolicyPage:
    """The policy a line's document number names: the same agency's, else the only one."""
    candidates = list(
        PolicyPage.objects.filter(doc_number=doc_number).exclude(pk=policy.pk).only("agency_id")
    )
    same_agency = [c for c in candidates if c.agency_id == policy.agency_id]
    found = same_agency or candidates
    if not found:
        raise ValidationError(
            _("No imported policy has the document number “%(number)s”.") % {"number": doc_number}
        )
    if len(found) > 1:
        raise ValidationError(
            _("Several agencies have a policy numbered “%(number)s”; it cannot be told apart.")
            % {"number": doc_number}
        )
    return found[0]


def _set_relations(policy, data: dict) -> bool:
    wanted, unknown = [], []
    for kind in RELATION_KEYS:
        for number in _numbers(data, kind):
            try:
                wanted.append((kind, find_target(policy, number).pk))
            except ValidationError as error:
                unknown += error.messages
    if unknown:
        raise ValidationError(unknown)
    current = [(r.kind, r.target_id) for r in policy.validity_relations.all()]
    if sorted(current) == sorted(wanted):
        return False
    policy.validity_relations = [
        PolicyRelation(kind=kind, target_id=target_id) for kind, target_id in wanted
    ]
    return True


def _state(value) -> str:
    """A state from its value (``repealed``) or its Chinese label (已废止)."""
    with translation.override("zh-hans"):
        labels = {str(label): state for state, label in State.choices}
    return labels.get(value, value)


def _declared(policy, value) -> str:
    """What the record declares for the old system's state: the state itself for a
    declarable one, nothing for one the dates must (and do) give."""
    if value in (None, ""):
        return ""
    value = _state(str(value).strip())
    if value not in State.values:
        raise ValidationError(
            _("Field “%(field)s” has the unknown value “%(value)s”; allowed: %(allowed)s.")
            % {"field": "validity", "value": str(value)[:50], "allowed": ", ".join(State.values)}
        )
    if value in DECLARABLE:
        return value
    effective_from, expires_on = rules.terms_of(policy)
    dated = rules.dated_state(effective_from, expires_on, today())
    if dated != DATED[value]:
        raise ValidationError(
            _(
                "“validity” says %(state)s, but by its dates (from %(start)s, until %(end)s) "
                "the document is %(dated)s today; correct the dates or leave “validity” out."
            )
            % {
                "state": State(value).label,
                "start": effective_from,
                "end": expires_on or "—",
                "dated": State(dated).label,
            }
        )
    return ""


def _registration_number(policy, number: str) -> str:
    if not rules.tracked(policy):
        raise ValidationError(
            _("Only normative documents have a registration number (“%(number)s”).")
            % {"number": number}
        )
    holder = (
        PolicyValidity.objects.filter(registration_number=number)
        .exclude(policy_id=policy.pk)
        .select_related("policy")
        .first()
    )
    if holder is not None:
        raise ValidationError(
            _("Registration number “%(number)s” already belongs to “%(title)s”.")
            % {"number": number, "title": holder.policy.title}
        )
    return number


def _write_record(policy, fields: dict) -> bool:
    """Keep what the old system knew on the plugin's record; it takes effect when the
    policy is next published (or judged by the daily task, if it is live)."""
    record = PolicyValidity.objects.select_for_update().filter(policy_id=policy.pk).first()
    if record is None:
        if not any(fields.values()):
            return False
        effective_from, expires_on = rules.terms_of(policy)
        record = PolicyValidity(
            policy_id=policy.pk, state="", effective_from=effective_from, expires_on=expires_on
        )
    elif all(getattr(record, name) == value for name, value in fields.items()):
        return False
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    return True
