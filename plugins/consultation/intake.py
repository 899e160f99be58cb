"""A comment from the public, from the form or the API: cleaned, checked against the
consultation's period, then stored; one with a listed word is held for a moderator."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cms.plugin_api import (
    PublicationStamp,
    clean_text,
    emptied_error,
    has_words,
    valid_contact,
)
from plugins.consultation import conf
from plugins.consultation.models import Comment, ConsultationPage, Phase, public_consultations
from plugins.consultation.protection import sensitive_words

LIMITS = {"body": 3000, "name": 50, "contact": 100}


class IntakeError(Exception):
    """Field → Chinese message of everything wrong with a comment."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {text}" for field, text in errors.items()))
        self.errors = errors


class NotOpen(Exception):
    """The consultation takes no comments now (not yet open, or closed); says when."""


def public_consultation(consultation_id) -> ConsultationPage | None:
    """The consultation the public may see with this id, else None."""
    return public_consultations().filter(pk=consultation_id).first()


def check_open(consultation: ConsultationPage, now=None) -> None:
    """``NotOpen`` with a message naming the period unless comments are taken now."""
    phase = consultation.phase(now)
    local = timezone.localtime
    if phase == Phase.UPCOMING:
        raise NotOpen(
            _("This consultation opens for comment on %(when)s.")
            % {"when": date_format(local(consultation.opens_at), "DATETIME_FORMAT")}
        )
    if phase != Phase.OPEN:
        raise NotOpen(
            _("This consultation closed on %(when)s and no longer takes comments.")
            % {"when": date_format(local(consultation.closes_at), "DATETIME_FORMAT")}
        )


def clean(consultation: ConsultationPage, data: dict) -> dict:
    """The comment's fields as stored, or ``IntakeError`` naming every bad field: the one
    validator of the page's form and the API. ``clause`` is a current clause's anchor
    (empty: the whole draft)."""
    errors: dict[str, str] = {}
    fields = {name: clean_text(str(data.get(name) or "")) for name in LIMITS}
    for name in ("name", "contact"):  # one line, as the form's inputs
        fields[name] = " ".join(fields[name].split())
    required = {
        "body": True,
        "name": conf.get("CONSULTATION_NAME_REQUIRED"),
        "contact": conf.get("CONSULTATION_CONTACT_REQUIRED"),
    }
    for name, limit in LIMITS.items():
        if not fields[name]:
            if required[name]:
                errors[name] = (
                    emptied_error(data.get(name))
                    if str(data.get(name) or "").strip()
                    else pgettext("consultation", "This field is required.")
                )
        elif len(fields[name]) > limit:
            errors[name] = pgettext(
                "consultation", "At most %(limit)d characters (now %(count)d)."
            ) % {"limit": limit, "count": len(fields[name])}
        elif name != "contact" and not has_words(fields[name]):
            errors[name] = pgettext("consultation", "Write some words, not only symbols.")
    if fields["contact"] and "contact" not in errors and not valid_contact(fields["contact"]):
        errors["contact"] = pgettext("consultation", "Give a phone number or an e-mail address.")
    anchor = str(data.get("clause") or "").strip()[:60]
    clause = None
    if anchor:
        clause = consultation.current_clauses().filter(anchor=anchor).first()
        if clause is None:
            errors["clause"] = _("This draft has no such clause.")
    if errors:
        raise IntakeError(errors)
    return {**fields, "clause": clause, "consultation": consultation}


def store(fields: dict) -> Comment:
    """Store fields from ``clean``; listed words hold the comment for the moderator."""
    found = sensitive_words(fields["body"])
    state = Comment.State.HELD if found else Comment.State.ACCEPTED
    comment = Comment.objects.create(**fields, sensitive_words=found, state=state)
    if state == Comment.State.ACCEPTED:
        PublicationStamp.bump()  # the counts the API shows change
    return comment
