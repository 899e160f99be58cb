"""An application for government information from the public, from the form or the API:
cleaned, checked, then stored as submitted (待确认), awaiting the office's confirmation.

One validator, ``clean``, for both: each field's error is a Chinese sentence under the
field's name, and nothing a person can type makes it fail otherwise.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from cms.plugin_api import (
    MAX_ID,
    Agency,
    PolicyPage,
    clean_text,
    emptied_error,
    has_words,
    valid_credit_code,
    valid_id_number,
)
from plugins.disclosure_requests import uploads
from plugins.disclosure_requests.models import DisclosureRequest

R = DisclosureRequest
LIMITS = {
    "name": 100,
    "contact_person": 50,
    "id_number": 40,
    "phone": 30,
    "email": 254,
    "address": 200,
    "postcode": 6,
    "information": 2000,
    "doc_number": 100,
    "purpose": 1000,
}
_TEXTS = ("information", "purpose")  # kept on several lines; every other field is one line
_WORDY = ("name", "contact_person", "information")  # must say something, not only symbols

# Documents other than the resident ID card have no check digit: a plausible shape only.
ID_PATTERNS = {
    R.IdType.PASSPORT: re.compile(r"^[A-Z0-9]{5,17}$"),
    R.IdType.HK_MACAO: re.compile(r"^[HM]\d{8}(?:\d{2})?$"),  # 港澳居民来往内地通行证
    R.IdType.TAIWAN: re.compile(r"^\d{8}(?:\d{2})?$"),  # 台湾居民来往大陆通行证
    R.IdType.OTHER: re.compile(r"^[A-Z0-9-]{4,30}$"),
}
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$")
POSTCODE = re.compile(r"^\d{6}$")
# Which policies a request may name: those on the website, and those disclosed only on
# request (the reason for this form); never a withheld one.
NAMEABLE = ("proactive", "on_request")
# Ways of obtaining that deliver a file, not paper or a disc.
ONLINE_WAYS = (R.Way.EMAIL, R.Way.WEBSITE)


class IntakeError(Exception):
    """Field → Chinese message of everything wrong with an application."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {text}" for field, text in errors.items()))
        self.errors = errors


# ---- normalising what people type -------------------------------------------------------


def one_line(value) -> str:
    """A name, an address: plain text (tags, controls and zero widths gone) on one line,
    composed (NFC) so that the same characters are stored the same way."""
    return " ".join(unicodedata.normalize("NFC", clean_text(str(value or ""))).split())


def sentences(parts) -> str:
    """Error messages as one Chinese sentence: 甲：此项必填；乙：格式不对。 (each part's own
    full stop dropped, so that no "。；" doubles the punctuation)."""
    kept = [str(part).strip().rstrip("。；;.") for part in parts]
    kept = [part for part in kept if part]
    return "；".join(kept) + "。" if kept else ""


def _text(value) -> str:
    return unicodedata.normalize("NFC", clean_text(str(value or "")))


def code(value) -> str:
    """An identity number, a postcode: full-width digits and letters as ASCII (NFKC),
    without blanks, in capitals."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", one_line(value))).upper()


def phone_number(value) -> str:
    """A phone number as stored: ASCII digits, the area code's hyphen kept, no blanks, no
    +86 or (010) dressing."""
    number = re.sub(r"[\s\u3000]+", "", unicodedata.normalize("NFKC", one_line(value)))
    number = re.sub(r"^\((0\d{2,3})\)-?", r"\1-", number)
    return re.sub(r"^(?:\+|00)?86-?(?=1[3-9]\d{9}$)", "", number)


def email_address(value) -> str:
    return unicodedata.normalize("NFKC", one_line(value)).replace(" ", "")


def contact_key(value) -> str:
    """A phone number or an e-mail address reduced to what identifies it, to compare what
    the applicant types when tracking with what they gave: an address in lower case, a
    number as its digits."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if "@" in text:
        return re.sub(r"\s+", "", text).lower()
    digits = re.sub(r"\D", "", text)
    return digits[2:] if len(digits) == 13 and digits.startswith("861") else digits


# ---- the checks -------------------------------------------------------------------------


def _choice(data: dict, name: str, choices, errors: dict, default=None) -> str:
    value = str(data.get(name) or default or "").strip()
    if not value:
        errors[name] = _("Choose one.")
    elif value not in choices.values:
        errors[name] = _("Choose one of the options offered.")
    return value


def _identity(fields: dict, errors: dict) -> None:
    kind, number = fields["id_type"], fields["id_number"]
    organisation = fields["applicant_type"] not in ("", R.ApplicantType.PERSON)
    if "id_type" in errors or "applicant_type" in errors:
        if not number:  # said on the first submission, not only after the choices are fixed
            errors["id_number"] = _("This field is required.")
        return
    if organisation and kind != R.IdType.CREDIT_CODE:
        errors["id_type"] = _("An organisation applies with its unified social credit code.")
    elif not organisation and kind == R.IdType.CREDIT_CODE:
        errors["id_type"] = _("A natural person applies with an identity document.")
    elif not number:
        errors["id_number"] = _("This field is required.")
    elif kind == R.IdType.RESIDENT_ID and not valid_id_number(number):
        errors["id_number"] = _(
            "Not a valid resident ID number: check its 18 characters, the birth date and the "
            "last (check) character."
        )
    elif kind == R.IdType.CREDIT_CODE and not valid_credit_code(number):
        errors["id_number"] = _(
            "Not a valid unified social credit code: check its 18 characters and the last "
            "(check) character."
        )
    elif kind in ID_PATTERNS and not ID_PATTERNS[kind].match(number):
        errors["id_number"] = _("This does not look like a number of the document chosen.")


def _contacts(fields: dict, errors: dict) -> None:
    phone, email, way = fields["phone"], fields["email"], fields["way"]
    if phone and not (MOBILE.match(phone) or LANDLINE.match(phone)):
        errors["phone"] = _("Give a mobile number or a landline with its area code.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Give a valid e-mail address.")
    if not phone and not email:
        errors["phone"] = _(
            "Give a phone number or an e-mail address: you need it to follow the request."
        )
    if way == R.Way.EMAIL and not email and "email" not in errors:
        errors["email"] = _("Give the e-mail address the information is to be sent to.")
    if way == R.Way.POST and not fields["address"]:
        errors["address"] = _("Give the postal address the information is to be sent to.")
    if fields["postcode"] and not POSTCODE.match(fields["postcode"]):
        errors["postcode"] = _("A postcode is 6 digits.")
    if way in ONLINE_WAYS and fields["form"] in (R.Form.PAPER, R.Form.DISC):
        errors["form"] = _("Information sent by e-mail or downloaded is an electronic file.")


def _agency(given, policy_agency, errors: dict):
    """The agency asked: the one named, else the named document's, else the only one."""
    if given in (None, ""):
        if policy_agency:
            return policy_agency
        agencies = list(Agency.objects.values_list("pk", flat=True)[:2])
        if len(agencies) == 1:
            return agencies[0]
        errors["agency"] = _("Choose the agency you ask.")
        return None
    agency_id = _id(given)
    if agency_id is None or not Agency.objects.filter(pk=agency_id).exists():
        errors["agency"] = _("No agency has this id.")
        return None
    return agency_id


def _id(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= MAX_ID else None


def _policy(data: dict, errors: dict):
    """The document named, if any: (its id, its agency's id)."""
    given = data.get("policy")
    if given in (None, ""):
        return None, None
    policy_id = _id(given)
    row = None
    if policy_id is not None:
        row = (
            PolicyPage.objects.live()
            .filter(pk=policy_id, disclosure__in=NAMEABLE)
            .values_list("pk", "agency_id")
            .first()
        )
    if row is None:
        errors["policy"] = _("No document that can be applied for has this id.")
        return None, None
    return row


def clean(data: dict, files=()) -> dict:
    """The application's fields as stored, or ``IntakeError`` naming every bad field (the
    HTML form and the API alike). ``files``: uploaded files (the ID copy), checked by
    their content."""
    errors: dict[str, str] = {}
    fields = {name: one_line(data.get(name)) for name in LIMITS if name not in _TEXTS}
    fields.update({name: _text(data.get(name)) for name in _TEXTS})
    fields["id_number"] = code(data.get("id_number"))
    fields["postcode"] = code(data.get("postcode"))
    fields["phone"] = phone_number(data.get("phone"))
    fields["email"] = email_address(data.get("email"))
    fields["applicant_type"] = _choice(data, "applicant_type", R.ApplicantType, errors)
    fields["id_type"] = _choice(data, "id_type", R.IdType, errors)
    fields["form"] = _choice(data, "form", R.Form, errors)
    fields["way"] = _choice(data, "way", R.Way, errors)
    for name, limit in LIMITS.items():
        if len(fields[name]) > limit:
            errors[name] = _("At most %(limit)d characters.") % {"limit": limit}
        elif name in _WORDY and fields[name] and not has_words(fields[name]):
            errors[name] = _("Write some words, not only symbols.")
    for name in ("name", "information"):
        if not fields[name]:
            errors[name] = emptied_error(data.get(name))
    if (
        fields["applicant_type"] not in ("", R.ApplicantType.PERSON)
        and not fields["contact_person"]
    ):
        errors.setdefault(
            "contact_person", _("An organisation names its legal representative or contact.")
        )
    if "id_number" not in errors:
        _identity(fields, errors)
    _contacts(fields, errors)
    policy_id, policy_agency = _policy(data, errors)
    agency_id = _agency(data.get("agency"), policy_agency, errors)
    if policy_agency and agency_id and policy_agency != agency_id:
        errors["policy"] = _("This document is not the chosen agency's.")
    problem = uploads.problem(list(files))
    if problem:
        errors["attachments"] = problem
    if errors:
        raise IntakeError(errors)
    return {**fields, "agency_id": agency_id, "policy_id": policy_id}


def receive(data: dict, files=()) -> DisclosureRequest:
    """Store an application as submitted (``IntakeError`` if it is not valid)."""
    files = list(files)
    return store(clean(data, files), files)


@transaction.atomic
def store(fields: dict, files=()) -> DisclosureRequest:
    """Store fields from ``clean`` and the checked files (the ID copy) as submitted; the
    empty contacts as NULL, as the encrypted columns keep them."""
    values = {**fields}
    for name in ("phone", "email", "address"):
        values[name] = values[name] or None
    request = DisclosureRequest.objects.create(**values)
    for upload in files:
        uploads.attach(request, upload, kind="id_copy")
    return request
