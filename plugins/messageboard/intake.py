"""A message from the public, from the form or the API: cleaned, checked, then stored as
received, held for a moderator (先审后发)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cms.plugin_api import (
    clean_text,
    emptied_error,
    has_words,
    is_public_policy,
    kept_for_stamp,
    valid_contact,
)
from plugins.messageboard.models import Message, new_tracking_code
from plugins.messageboard.protection import sensitive_words

LIMITS = {"subject": 100, "body": 2000, "name": 50, "contact": 100}
_TEXT_FIELDS = ("subject", "body", "name")
_ONE_LINE = ("subject", "name", "contact")


# A policy withdrawn a second ago may still take a message (held for a moderator like any
# other); in exchange a busy form is spared reading the publication stamp per message.
_takes_messages = kept_for_stamp(recheck_after=1.0)(is_public_policy)


class IntakeError(Exception):
    """Field → Chinese message of everything wrong with a submission."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {text}" for field, text in errors.items()))
        self.errors = errors


class UnknownPolicy(Exception):
    """The message names a policy the public cannot see (or that does not exist)."""


def clean(data: dict) -> dict:
    """The submission's fields as stored, or ``IntakeError`` naming every bad field: the
    one validator of the HTML form and the API (whose schema repeats the patterns, so a
    client knows before it sends)."""
    errors: dict[str, str] = {}
    fields = {name: clean_text(str(data.get(name) or "")) for name in LIMITS}
    for name in _ONE_LINE:  # a subject, a name, a contact: one line, as the form's inputs
        fields[name] = " ".join(fields[name].split())
    for name, limit in LIMITS.items():
        if not fields[name]:
            errors[name] = emptied_error(data.get(name))
        elif len(fields[name]) > limit:
            errors[name] = _("At most %(limit)d characters.") % {"limit": limit}
        elif name in _TEXT_FIELDS and not has_words(fields[name]):
            errors[name] = _("Write some words, not only symbols.")
    if "contact" not in errors and not valid_contact(fields["contact"]):
        errors["contact"] = _("Give a phone number or an e-mail address.")
    category = data.get("category") or Message.Category.CONSULTATION
    if category not in Message.Category.values:
        errors["category"] = _("Unknown category.")
    if errors:
        raise IntakeError(errors)
    policy_id = data.get("policy") or None
    if policy_id is not None and not _takes_messages(policy_id):
        raise UnknownPolicy(_("No public policy has this id."))
    return {**fields, "category": category, "policy_id": policy_id}


def decoy_code() -> str:
    """The tracking code a robot caught by the honeypot is given: it looks real and finds
    nothing, so the robot learns nothing."""
    return new_tracking_code()


def receive(data: dict) -> Message:
    """Store a submission as received (``IntakeError`` if it is not valid)."""
    return store(clean(data))


def store(fields: dict) -> Message:
    """Store fields from ``clean`` as received; listed words hold it for the moderator."""
    found = sensitive_words(fields["subject"], fields["body"])
    return Message.objects.create(**fields, sensitive_words=found)
