"""What the applicant sees of their request: found only with the tracking code *and* the
phone or e-mail address they gave, and then only where it stands, never who applied.

Nothing of any request is listed publicly. A wrong code and a right code with a wrong
contact are the same answer (``find`` returns None for both, after the same work).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from django.core import signing
from django.utils.crypto import constant_time_compare
from django.utils.timezone import localdate
from django.utils.translation import pgettext_lazy

from cms.plugin_api import PolicyPage
from plugins.disclosure_requests import states
from plugins.disclosure_requests.intake import NAMEABLE, contact_key
from plugins.disclosure_requests.models import Attachment, DisclosureRequest

S = DisclosureRequest.State
_CODE = re.compile(r"[^A-Z0-9]")

# What the applicant is told: the office's internal steps (drafted, reviewed, approved)
# are one "being handled".
PUBLIC_STATES = {
    S.SUBMITTED: ("submitted", pgettext_lazy("public request state", "Awaiting confirmation")),
    S.RECEIVED: ("handling", pgettext_lazy("public request state", "Being handled")),
    S.ASSIGNED: ("handling", pgettext_lazy("public request state", "Being handled")),
    S.DRAFTED: ("handling", pgettext_lazy("public request state", "Being handled")),
    S.REVIEWED: ("handling", pgettext_lazy("public request state", "Being handled")),
    S.APPROVED: ("handling", pgettext_lazy("public request state", "Being handled")),
    S.SUPPLEMENT: (
        "supplement",
        pgettext_lazy("public request state", "Awaiting your supplement"),
    ),
    S.THIRD_PARTY: (
        "third_party",
        pgettext_lazy("public request state", "Consulting a third party"),
    ),
    S.FEE: ("fee", pgettext_lazy("public request state", "Awaiting the fee")),
    S.CLOSED: ("closed", pgettext_lazy("public request state", "Replied")),
    S.WITHDRAWN: ("withdrawn", pgettext_lazy("public request state", "Withdrawn")),
    S.MERGED: ("merged", pgettext_lazy("public request state", "Merged with another request")),
    S.DISCARDED: (
        "discarded",
        pgettext_lazy("public request state", "Not handled as an application"),
    ),
}
PAUSED = {S.SUPPLEMENT, S.THIRD_PARTY, S.FEE}
# The ways to obtain under which the applicant downloads the information provided; by
# post or in person it reaches them on paper or a disc, not here.
DOWNLOAD_WAYS = {DisclosureRequest.Way.WEBSITE, DisclosureRequest.Way.EMAIL}
WITHDRAWABLE = states.TRANSITIONS["withdraw"][0]


def tracking_code(value) -> str:
    """A code as typed (blanks, hyphens, lower case, full-width) as it is stored."""
    return _CODE.sub("", unicodedata.normalize("NFKC", str(value or "")).upper())[:32]


# A contact encrypted as the columns keep it: when no request has the code, one is
# decrypted all the same, so that an unknown code costs what a wrong contact costs.
_PHONE = DisclosureRequest._meta.get_field("phone")


@cache
def _dummy() -> str:
    return _PHONE.get_prep_value("00000000000")


def find(code, contact) -> DisclosureRequest | None:
    """The request with this tracking code whose phone or e-mail address is ``contact``
    (compared as ``intake.contact_key`` reduces them); None for a wrong code or a wrong
    contact alike."""
    code, key = tracking_code(code), contact_key(contact)
    request = DisclosureRequest.objects.filter(tracking_code=code).first() if code else None
    if request is None:
        given = [contact_key(_PHONE.from_db_value(_dummy(), None, None)), ""]
    else:
        given = [contact_key(request.phone), contact_key(request.email)]
    matched = False
    for known in given:  # both compared, in constant time, whatever the first gave
        matched |= bool(known and key) & constant_time_compare(known, key)
    return request if request is not None and matched else None


def track_item(request: DisclosureRequest) -> dict:
    """Where the request stands, as the applicant may see it: nothing of who applied (no
    name, identity number or contact), what was asked, the dates, and what they may do."""
    shown, label = PUBLIC_STATES[request.state]
    supplement = getattr(request, "supplement", None) if request.received_on else None
    fee = getattr(request, "fee", None) if request.received_on else None
    letter = getattr(request, "letter", None) if request.state == S.CLOSED else None
    return {
        "reference": request.reference,
        "state": shown,
        "state_label": str(label),
        "agency": request.agency.name,
        "information": request.information,
        "doc_number": request.doc_number,
        "form_label": request.get_form_display(),
        "way_label": request.get_way_display(),
        "submitted_on": localdate(request.submitted_at),
        "received_on": request.received_on,
        "due_on": request.due_on if request.state not in PAUSED else None,
        "due_provisional": request.due_provisional,
        "clock_paused": request.state in PAUSED,
        "extension": (
            {"days": request.extended_days, "reason": request.extension_reason}
            if request.extended_days
            else None
        ),
        "supplement": _supplement(request, supplement),
        "fee": _fee(fee),
        "outcome_label": request.get_outcome_display() if request.state == S.CLOSED else "",
        "closed_on": request.closed_on,
        "letter": _letter(letter),
        "provided": [
            {"id": attachment.pk, "name": attachment.name} for attachment in provided_files(request)
        ],
        "merged_into": request.merged_into.reference if request.merged_into_id else None,
        "can_withdraw": request.state in WITHDRAWABLE,
    }


def provided_files(request: DisclosureRequest):
    """The files of information provided that the applicant may download: once the
    request is closed (the letter served), when they asked for the website or e-mail."""
    if request.state != S.CLOSED or request.way not in DOWNLOAD_WAYS:
        return Attachment.objects.none()
    return request.attachments.filter(kind=Attachment.Kind.PROVIDED)


def _supplement(request, supplement) -> dict | None:
    if supplement is None:
        return None
    return {
        "asked_on": supplement.asked_on,
        "text": supplement.asked_text,
        "due_on": supplement.due_on,
        "answered_on": supplement.answered_on,
        "can_answer": request.state == S.SUPPLEMENT and supplement.answered_on is None,
    }


def _fee(fee) -> dict | None:
    if fee is None:
        return None
    return {
        "amount": fee.amount,
        "basis_label": fee.get_basis_display(),
        "units": fee.units,
        "notified_on": fee.notified_on,
        "pay_by": fee.pay_by,
        "paid_on": fee.paid_on,
    }


def _letter(letter) -> dict | None:
    if letter is None:
        return None
    return {"number": letter.number, "sent_on": letter.sent_on, "download": bool(letter.file)}


# ---- the link from a document's page ------------------------------------------------------

_POLICY_SALT = "disclosure_requests.policy"


def policy_token(policy_id: int) -> str:
    """The document a link from its page names, signed: the form shows the title of a
    document not on the website only to someone who came from its page."""
    return signing.dumps(policy_id, salt=_POLICY_SALT)


def policy_from_token(token) -> PolicyPage | None:
    """The live document (on the website or disclosed on request) a token names."""
    try:
        policy_id = signing.loads(str(token or ""), salt=_POLICY_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(policy_id, int):
        return None
    return PolicyPage.objects.live().filter(pk=policy_id, disclosure__in=NAMEABLE).first()
