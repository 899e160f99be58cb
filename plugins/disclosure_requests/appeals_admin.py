"""The appeals in the admin (行政复议、行政诉讼 against a request's handling): the disclosure
office records each case, against a request by its number or standalone, and its result
when decided; the annual report's section 四 counts them (``stats.appeals_table``)."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from cms.plugin_api import today
from plugins.disclosure_requests.models import Appeal, DisclosureRequest
from plugins.disclosure_requests.stats import concluded_by_year_end

# "2026-00012", as staff and applicants quote it (a full-width dash or spaces accepted).
REFERENCE = re.compile(r"^\s*(\d{4})\s*[-－—–]\s*(\d{1,12})\s*$")


def find_request(reference: str) -> DisclosureRequest:
    """The request a reference names; ValidationError in Chinese when none does."""
    match = REFERENCE.match(reference)
    if match:
        found = DisclosureRequest.objects.filter(pk=int(match[2])).first()
        if found and found.reference == f"{match[1]}-{int(match[2]):05d}":
            return found
    raise forms.ValidationError(
        _("There is no request numbered “%(reference)s”.") % {"reference": reference.strip()}
    )


def _years():
    first = Appeal.objects.order_by("filed_on").values_list("filed_on", flat=True).first()
    start = first.year if first else today().year
    return [(year, str(year)) for year in range(today().year, start - 1, -1)]


class AppealFilterSet(WagtailFilterSet):
    year = django_filters.TypedChoiceFilter(
        label=gettext_lazy("Year filed"),
        field_name="filed_on",
        lookup_expr="year",
        choices=_years,
        coerce=int,
    )
    # The annual report's 四 links here: a result counts in the year filed only when it was
    # decided by its 31 December (stats.appeals_table).
    year_end = django_filters.ChoiceFilter(
        label=gettext_lazy("On 31 December of the year filed"),
        choices=[
            ("concluded", gettext_lazy("Concluded")),
            ("pending", gettext_lazy("Not yet concluded")),
        ],
        method="at_year_end",
    )

    def at_year_end(self, queryset, name, value):
        concluded = concluded_by_year_end()
        return queryset.filter(concluded) if value == "concluded" else queryset.exclude(concluded)

    class Meta:
        model = Appeal
        fields = ["kind", "result", "agency"]


class AppealForm(WagtailAdminModelForm):
    request_reference = forms.CharField(
        label=gettext_lazy("Request number"),
        required=False,
        max_length=30,
        help_text=gettext_lazy(
            "The number of the request the case is about, e.g. 2026-00012; leave it empty for "
            "a case about a request not recorded here."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.request_id:
            self.initial.setdefault("request_reference", self.instance.request.reference)

    def clean_request_reference(self):
        reference = self.cleaned_data["request_reference"].strip()
        return find_request(reference) if reference else None

    def clean(self):
        data = super().clean()
        request, agency = data.get("request_reference"), data.get("agency")
        if request and agency and request.agency_id != agency.pk:
            self.add_error(
                "request_reference",
                _("Request %(reference)s was made to %(agency)s, not to this agency.")
                % {"reference": request.reference, "agency": request.agency.name},
            )
        filed, decided, result = data.get("filed_on"), data.get("decided_on"), data.get("result")
        for field, day in (("filed_on", filed), ("decided_on", decided)):
            if day and day > today():
                self.add_error(field, _("This day cannot be in the future."))
        if decided and filed and decided < filed:
            self.add_error("decided_on", _("A case cannot be decided before it was filed."))
        if result == Appeal.Result.PENDING and decided:
            self.add_error("result", _("A decided case needs its result."))
        if result and result != Appeal.Result.PENDING and not decided:
            self.add_error("decided_on", _("Give the day of the decision or judgment."))
        return data

    def save(self, commit=True):
        self.instance.request = self.cleaned_data.get("request_reference")
        return super().save(commit=commit)


class AppealViewSet(ModelViewSet):
    model = Appeal
    name = "disclosure_appeals"
    url_prefix = "disclosure-appeals"
    icon = "clipboard-list"
    menu_label = gettext_lazy("Appeals on disclosure requests")
    menu_order = 262
    add_to_admin_menu = True
    list_display = ["__str__", "agency", "request", "filed_on", "result", "decided_on"]
    filterset_class = AppealFilterSet
    search_fields = ["case_number", "note"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("case_number")]),
            FieldRowPanel([FieldPanel("agency"), FieldPanel("request_reference")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("filed_on"), FieldPanel("decided_on")]),
                    FieldPanel("result"),
                ],
                heading=gettext_lazy("Filing and result"),
                help_text=gettext_lazy(
                    "A case counts in the annual report of the year it was filed; a result "
                    "decided after that year's 31 December counts there as not yet concluded."
                ),
            ),
            FieldPanel("note"),
        ],
        base_form_class=AppealForm,
    )


appeal_viewset = AppealViewSet()
