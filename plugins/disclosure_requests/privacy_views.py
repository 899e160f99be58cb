"""The office's subject-access export: it asks for the applicant's identity document and
downloads everything held about them (privacy.py), logged on each request."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.plugin_api import today
from plugins.disclosure_requests import privacy
from plugins.disclosure_requests.models import DisclosureRequest
from plugins.disclosure_requests.states import is_office


class ExportForm(forms.Form):
    id_type = forms.ChoiceField(
        label=gettext_lazy("identity document"), choices=DisclosureRequest.IdType.choices
    )
    id_number = forms.CharField(label=gettext_lazy("identity document number"), max_length=40)

    def clean_id_number(self):
        return self.cleaned_data["id_number"].strip().upper()


def applicant_export(request):
    """GET: the form; POST: the zip of the applicant's requests, or the form with an error
    when none is found (the same answer for a number never seen and one mistyped)."""
    if not is_office(request.user):
        raise PermissionDenied
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        id_type, id_number = form.cleaned_data["id_type"], form.cleaned_data["id_number"]
        content, count = privacy.export_zip(id_type, id_number)
        if count:
            privacy.log_export(privacy.applicant_requests(id_type, id_number), request.user)
            response = HttpResponse(content, content_type="application/zip")
            name = f"applicant-export-{today():%Y%m%d}.zip"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        form.add_error("id_number", _("No request of an applicant with this document was found."))
    return TemplateResponse(
        request,
        "disclosure_requests/privacy/export.html",
        {"form": form, "title": _("Export an applicant's data")},
    )
