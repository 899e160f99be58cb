"""Requests that reach the office on paper, at the counter or by phone (art. 29: a person
who cannot write may ask orally, and the office writes the application down): the office
records them here, checked exactly as the public form's (``intake.clean``), marked as
recorded by the officer, and may confirm receipt at once.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.widgets import AdminDateInput
from wagtail.log_actions import log

from cms.plugin_api import Agency, Division, today
from plugins.disclosure_requests import intake, states, uploads
from plugins.disclosure_requests.models import Attachment, DisclosureRequest

R = DisclosureRequest


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; ``intake.clean`` checks them by their content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, required=False, **kwargs)

    def clean(self, data, initial=None):
        return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


def _line(label, help_text=""):
    return forms.CharField(label=label, required=False, help_text=help_text)


def _lines(label, rows=3, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows})
    return forms.CharField(label=label, required=False, widget=widget, help_text=help_text)


def _choice(label, choices):
    return forms.ChoiceField(label=label, required=False, choices=[("", "—"), *choices])


class RecordForm(forms.Form):
    """The application as the public form has it, and how and when it came. The fields
    only carry what the officer typed: ``intake.clean`` decides, as for the public."""

    CHANNELS = [
        ("letter", gettext_lazy("By letter")),
        ("counter", gettext_lazy("In person at the counter")),
        ("phone", gettext_lazy("By phone, written down by the office")),
    ]

    channel = forms.ChoiceField(label=gettext_lazy("Came"), choices=CHANNELS)
    arrived_on = forms.DateField(
        label=gettext_lazy("Arrived on"),
        widget=AdminDateInput,
        help_text=gettext_lazy("For a letter, the day the agency signed for it."),
    )
    agency = forms.ModelChoiceField(
        Agency.objects.order_by("name"), label=gettext_lazy("Agency asked"), required=False
    )
    applicant_type = _choice(gettext_lazy("Applicant type"), R.ApplicantType.choices)
    name = _line(gettext_lazy("Name or organisation name"))
    contact_person = _line(
        gettext_lazy("Legal representative or contact person"),
        gettext_lazy("Organisations only."),
    )
    id_type = _choice(gettext_lazy("Identity document"), R.IdType.choices)
    id_number = _line(pgettext_lazy("disclosure request", "Document number"))
    phone = _line(gettext_lazy("Phone"))
    email = _line(pgettext_lazy("disclosure request", "E-mail"))
    address = _line(gettext_lazy("Postal address"))
    postcode = _line(gettext_lazy("Postcode"))
    information = _lines(gettext_lazy("Information sought"), rows=5)
    doc_number = _line(gettext_lazy("Document number sought"))
    purpose = _lines(gettext_lazy("Description or purpose"))
    form = _choice(gettext_lazy("Form of provision"), R.Form.choices)
    way = _choice(gettext_lazy("Way to obtain"), R.Way.choices)
    attachments = MultipleFileField(
        label=gettext_lazy("Scanned papers"),
        help_text=gettext_lazy("The letter, the ID copy: PDF, JPEG or PNG."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Confirm receipt now"),
        required=False,
        initial=True,
        help_text=gettext_lazy("The day it arrived starts the reply clock."),
    )
    division = forms.ModelChoiceField(
        Division.objects.select_related("agency"),
        label=gettext_lazy("Assign to"),
        required=False,
    )

    def clean_arrived_on(self):
        arrived = self.cleaned_data["arrived_on"]
        if arrived > today():
            raise forms.ValidationError(_("The day it arrived cannot be a future day."))
        return arrived

    def clean(self):
        data = super().clean()
        raw = {name: self.data.get(name, "") for name in intake.LIMITS}
        for name in ("applicant_type", "id_type", "form", "way"):
            raw[name] = self.data.get(name, "")
        raw["agency"] = data["agency"].pk if data.get("agency") else ""
        try:
            self.fields_to_store = intake.clean(raw, data.get("attachments") or [])
        except intake.IntakeError as error:
            for field, message in error.errors.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, message)
        return data


def _arrival(day: datetime.date) -> datetime.datetime:
    """When the request counts as submitted: now if it came today; else the start of the
    day it came (the hour is unknown, and receipt may be confirmed from that day)."""
    if day == today():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@transaction.atomic
def _store(fields: dict, files: list, user, channel: str) -> DisclosureRequest:
    """The request as the public's is stored; its papers (the letter, an ID copy) kept as
    files of the request, and how it came in the audit log."""
    item = intake.store(fields)
    for upload in files:
        uploads.attach(item, upload, kind=Attachment.Kind.OTHER)
    log(
        instance=item,
        action="disclosure_requests.record",
        user=user,
        data={"channel": str(dict(RecordForm.CHANNELS)[channel])},
    )
    return item


def _same_words(text: str) -> str:
    """The information sought as compared: no spaces, no closing punctuation, no case."""
    return "".join(text.split()).rstrip("。.；;，,").casefold()


def possible_duplicates(item: DisclosureRequest) -> list[DisclosureRequest]:
    """Open requests of the same applicant asking for the same information (the same
    words, or the same document number): a letter sent twice, or also sent online."""
    if not item.applicant_key:
        return []
    others = (
        DisclosureRequest.objects.filter(
            applicant_key=item.applicant_key, state__in=states.OPEN | {R.State.SUBMITTED}
        )
        .exclude(pk=item.pk)
        .order_by("submitted_at", "pk")
    )
    words, number = _same_words(item.information), item.doc_number.strip()
    return [
        other
        for other in others
        if _same_words(other.information) == words
        or (number and other.doc_number.strip() == number)
    ]


def record_request(request):
    """The office records a request that came by letter, in person or by phone."""
    if not states.is_office(request.user):
        raise PermissionDenied
    form = RecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            **form.fields_to_store,
            "recorded_by": request.user,
            "submitted_at": _arrival(data["arrived_on"]),
        }
        item = _store(fields, data["attachments"], request.user, data["channel"])
        # The code is the applicant's only way to follow the request online: the office
        # hands it over (on the receipt it gives, or by phone), so it is shown here once.
        messages.success(
            request,
            _("Recorded as request %(reference)s. Tracking code for the applicant: %(code)s")
            % {"reference": item.reference, "code": item.tracking_code},
        )
        duplicates = possible_duplicates(item)
        if duplicates:
            messages.warning(
                request,
                _(
                    "The same applicant has an open request for the same information: "
                    "%(references)s. If this is a repeat, merge it into that one."
                )
                % {"references": "、".join(r.reference for r in duplicates)},
            )
        if data["confirm"]:
            try:
                states.confirm(item, request.user, data["arrived_on"], data["division"])
            except states.TransitionError as error:
                messages.error(request, str(error))
        return redirect("disclosure_requests_admin:detail", item.pk)
    if request.method == "POST":
        messages.error(request, _("The request was not recorded: check the fields marked."))
    return TemplateResponse(request, "disclosure_requests/admin/record.html", {"form": form})
