"""The applicant's personal data: erased after the retention period, and exported on a
subject-access request (个人信息保护法 arts. 45 and 47; docs/domain.md §7).

Erasing keeps what the annual report counts (the applicant type, the agency, the dates,
the state and the outcome) and what the request was about, so a past year's tables do not
change; it removes who asked and how to reach them, their files, and the served letter's
file (its text is kept with the name scrubbed).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from plugins.disclosure_requests import conf
from plugins.disclosure_requests.models import DisclosureRequest
from plugins.disclosure_requests.models.requests import applicant_key

S = DisclosureRequest.State
# Stored in the erased name's place: data in the site's language, not an interface string.
ERASED = "已删除"
# Final states that never get a closing day: nothing was handled, the file ends on arrival.
_ENDED_UNCOUNTED = (S.DISCARDED, S.MERGED, S.WITHDRAWN)


# ---- retention --------------------------------------------------------------------------


def retention_cutoff(on: datetime.date) -> datetime.date:
    """The day DISCLOSURE_RETENTION_YEARS before ``on`` (28 February for a 29th)."""
    years = conf.get("DISCLOSURE_RETENTION_YEARS")
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def expired(now: datetime.datetime | None = None):
    """Requests not yet erased that ended before the retention period: closed before the
    cutoff, or (discarded, merged, withdrawn before receipt: no closing day) submitted
    before it."""
    cutoff = retention_cutoff(timezone.localdate(now or timezone.now()))
    cutoff_at = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    return DisclosureRequest.objects.filter(anonymised_at__isnull=True).filter(
        Q(closed_on__lt=cutoff)
        | Q(closed_on__isnull=True, state__in=_ENDED_UNCOUNTED, submitted_at__lt=cutoff_at)
    )


def _scrub(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, ERASED)
    return text


@transaction.atomic
def anonymise(request: DisclosureRequest, now: datetime.datetime | None = None) -> None:
    """Erase one request's personal data, its files, and log it."""
    request = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    names = [n for n in (request.name, request.contact_person) if n and n.strip()]
    for attachment in request.attachments.all():
        attachment.file.delete(save=False)
        attachment.delete()
    letter = getattr(request, "letter", None)
    if letter is not None:
        if letter.file:
            letter.file.delete(save=False)
        letter.text = _scrub(letter.text, names)
        letter.save(update_fields=["file", "text"])
    supplement = getattr(request, "supplement", None)
    if supplement is not None:
        supplement.answer = _scrub(supplement.answer, names)
        supplement.save(update_fields=["answer"])
    request.name, request.contact_person = ERASED, ""
    request.id_number = request.phone = request.email = request.address = None
    request.postcode = request.purpose = request.applicant_key = ""
    request.anonymised_at = now or timezone.now()
    fields = ["name", "contact_person", "id_number", "phone", "email", "address", "postcode"]
    # save() would recompute the key from the number; the number is gone, so it keeps "".
    request.save(update_fields=[*fields, "purpose", "applicant_key", "anonymised_at"])
    log(
        instance=request,
        action="disclosure_requests.anonymise",
        data={"retention_years": conf.get("DISCLOSURE_RETENTION_YEARS")},
    )


def anonymise_expired(now: datetime.datetime | None = None, dry_run: bool = False) -> list[str]:
    """Erase the personal data of every request past the retention period (monthly from
    beat, or ``manage.py disclosure_retention``); the references of those erased, or with
    ``dry_run`` of those that would be."""
    now = now or timezone.now()
    found = list(expired(now).order_by("pk"))
    if not dry_run:
        for request in found:
            anonymise(request, now)
    return [request.reference for request in found]


# ---- keys --------------------------------------------------------------------------------


def reencrypt() -> int:
    """After SECRET_KEY (or SALT_KEY) was changed, the old one kept in SECRET_KEY_FALLBACKS
    (or after the new salt in SALT_KEY): every request's encrypted fields are written again
    under the new key, and its applicant key (an HMAC keyed by SECRET_KEY, which the fees
    and the export look requests up by) recomputed. Then the old key may go."""
    count = 0
    fields = ["id_number", "phone", "email", "address", "applicant_key"]
    for request in DisclosureRequest.objects.filter(anonymised_at__isnull=True).iterator():
        request.save(update_fields=fields)  # save() recomputes the applicant key
        count += 1
    return count


# ---- subject access ---------------------------------------------------------------------


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else None


def request_data(request: DisclosureRequest) -> dict:
    """One request as the applicant may read it: what they gave, every step, the letter."""
    supplement = getattr(request, "supplement", None)
    fee = getattr(request, "fee", None)
    letter = getattr(request, "letter", None)
    history = ModelLogEntry.objects.filter(
        content_type__app_label="disclosure_requests",
        content_type__model="disclosurerequest",
        object_id=str(request.pk),
    ).order_by("timestamp", "pk")
    return {
        "reference": request.reference,
        "agency": str(request.agency),
        "applicant_type": request.get_applicant_type_display(),
        "name": request.name,
        "contact_person": request.contact_person,
        "id_type": request.get_id_type_display(),
        "id_number": request.id_number,
        "phone": request.phone,
        "email": request.email,
        "address": request.address,
        "postcode": request.postcode,
        "information": request.information,
        "doc_number": request.doc_number,
        "purpose": request.purpose,
        "form": request.get_form_display(),
        "way": request.get_way_display(),
        "submitted_at": _when(request.submitted_at),
        "state": request.get_state_display(),
        "received_on": _day(request.received_on),
        "due_on": _day(request.due_on),
        "extended_days": request.extended_days,
        "outcome": request.get_outcome_display() if request.outcome else "",
        "closed_on": _day(request.closed_on),
        "supplement": supplement
        and {
            "asked_on": _day(supplement.asked_on),
            "asked_text": supplement.asked_text,
            "due_on": _day(supplement.due_on),
            "answered_on": _day(supplement.answered_on),
            "answer": supplement.answer,
        },
        "pauses": [
            {
                "kind": pause.get_kind_display(),
                "from": _day(pause.started_on),
                "until": _day(pause.ended_on),
            }
            for pause in request.pauses.all()
        ],
        "fee": fee
        and {
            "basis": fee.get_basis_display(),
            "units": fee.units,
            "amount": str(fee.amount),
            "notified_on": _day(fee.notified_on),
            "pay_by": _day(fee.pay_by),
            "paid_on": _day(fee.paid_on),
        },
        "letter": letter
        and letter.sent_on
        and {
            "number": letter.number,
            "outcome": letter.get_outcome_display(),
            "text": letter.text,
            "reason": letter.reason,
            "sent_on": _day(letter.sent_on),
            "sent_way": letter.sent_way,
        },
        "attachments": [
            {"kind": a.get_kind_display(), "name": a.name, "uploaded_at": _when(a.uploaded_at)}
            for a in request.attachments.all()
        ],
        "appeals": [
            {
                "kind": appeal.get_kind_display(),
                "case_number": appeal.case_number,
                "filed_on": _day(appeal.filed_on),
                "result": appeal.get_result_display(),
                "decided_on": _day(appeal.decided_on),
            }
            for appeal in request.appeals.all()
        ],
        # Which steps were taken when; not who took them (staff are not the subject).
        "history": [
            {"at": _when(entry.timestamp), "step": entry.action.split(".", 1)[-1]}
            for entry in history
        ],
    }


def applicant_requests(id_type: str, id_number: str):
    """Every request of the applicant with this document (found by its keyed digest)."""
    key = applicant_key(id_type, id_number)
    return (
        DisclosureRequest.objects.filter(applicant_key=key)
        .select_related("agency", "supplement", "fee", "letter")
        .order_by("submitted_at", "pk")
    )


def export_applicant(id_type: str, id_number: str) -> dict:
    """A subject-access export: every request of the applicant with its data, its steps
    and its served letter, as JSON-ready data."""
    return {
        "exported_at": _when(timezone.now()),
        "requests": [request_data(r) for r in applicant_requests(id_type, id_number)],
    }


CSV_COLUMNS = [
    "reference",
    "agency",
    "name",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "information",
    "submitted_at",
    "received_on",
    "state",
    "outcome",
    "closed_on",
]


def csv_headers() -> list[str]:
    """The CSV's column headers: the fields' names as the admin shows them (姓名, 联系电话…),
    in the site's language, not the code's field names."""
    fields = {field.name: field for field in DisclosureRequest._meta.get_fields()}
    with translation.override(settings.LANGUAGE_CODE):
        return [
            str(
                pgettext("disclosure request", "Reference")
                if column == "reference"
                else fields[column].verbose_name
            )
            for column in CSV_COLUMNS
        ]


def readme() -> str:
    """README.txt of the export: what each file holds, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Export of personal data held about disclosure requests"),
            "",
            _("Exported at: %(when)s") % {"when": _when(timezone.now())},
            "",
            _(
                "requests.csv: one line per request with the main facts (reference, agency, "
                "applicant, contacts, information sought, dates, state, outcome); opens in "
                "Excel (UTF-8)."
            ),
            _(
                "data.json: everything held about each request, in JSON: what the applicant "
                "gave, the supplement, pauses of the clock, the fee, the reply letter and "
                "every step of its handling (history). The keys are in English, e.g. "
                "reference = reference number, name = applicant's name, id_number = identity "
                "document number, information = information sought, history = the steps."
            ),
            _(
                "files/<reference>/: the files of each request: the reply letter served "
                "(reply-letter.docx), the copies of identity documents, supplements and the "
                "government information provided."
            ),
        ]
    return "\r\n".join(str(line) for line in lines) + "\r\n"


def export_zip(id_type: str, id_number: str) -> tuple[bytes, int]:
    """The export as a zip: README.txt (what each file holds), data.json, requests.csv
    (UTF-8 with BOM, for Excel; Chinese headers), and the files (served letters,
    attachments) under files/<reference>/. Returns the bytes and how many requests it
    holds."""
    requests = list(applicant_requests(id_type, id_number))
    data = {"exported_at": _when(timezone.now()), "requests": [request_data(r) for r in requests]}
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(csv_headers())
    for row in data["requests"]:
        writer.writerow([row[column] or "" for column in CSV_COLUMNS])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", "\ufeff" + readme())
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("requests.csv", "\ufeff" + table.getvalue())
        for request in requests:
            for name, field in _files(request):
                with field.open("rb") as handle:
                    archive.writestr(f"files/{request.reference}/{name}", handle.read())
    return buffer.getvalue(), len(requests)


def _files(request: DisclosureRequest):
    letter = getattr(request, "letter", None)
    if letter is not None and letter.sent_on and letter.file:
        yield "reply-letter.docx", letter.file
    for attachment in request.attachments.all():
        yield f"{attachment.pk}-{attachment.name}", attachment.file


def log_export(requests, user) -> None:
    """Note on each request exported that its applicant's data left the system."""
    for request in requests:
        log(instance=request, action="disclosure_requests.export", user=user)
