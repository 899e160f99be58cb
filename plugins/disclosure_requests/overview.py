"""The requests a user works on, in the order they need attention, with their clocks as
the office reads them (the admin listing and the dashboard panel share these).

Overdue first, then by working days left: ordering by the reply's due day gives both, as
days left grow with the day. Requests without a running clock (awaiting confirmation, a
supplement, a third party or a fee) follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from cms.plugin_api import Agency, Division, today
from plugins.disclosure_requests import clocks
from plugins.disclosure_requests.access import visible_requests
from plugins.disclosure_requests.models import DisclosureRequest
from plugins.disclosure_requests.outcomes import Outcome
from plugins.disclosure_requests.states import OPEN
from plugins.disclosure_requests.stats import counted_in_row

S = DisclosureRequest.State
# What the office still has to do something about: not yet confirmed, or owed a reply.
ACTIVE = OPEN | {S.SUBMITTED}


def attention_order(requests):
    """Overdue first, then fewest working days left; then the oldest submissions."""
    return requests.order_by(F("due_on").asc(nulls_last=True), "submitted_at", "pk")


def overdue_q(on=None) -> Q:
    return Q(state__in=OPEN, due_on__lt=on or today())


@dataclass(frozen=True)
class Clock:
    """A request's clock in words: 剩余 3 个工作日, 逾期 2 个工作日, 计时暂停, 期限待定."""

    text: str
    days_left: int | None = None
    overdue: bool = False
    provisional: bool = False


def clock_of(request: DisclosureRequest, on=None) -> Clock:
    """The clock of one request on a day (today by default)."""
    if request.state == S.SUBMITTED:
        return Clock(_("Deadline not yet set"))
    if request.state == S.CLOSED and request.due_on and request.closed_on:
        return _closed_clock(request)
    if request.state not in OPEN:
        return Clock("—")
    if request.due_on is None:
        return Clock(_("Clock paused"))
    left = clocks.days_left(request.due_on, on or today())
    if left < 0:
        text = ngettext("%(days)d working day overdue", "%(days)d working days overdue", -left) % {
            "days": -left
        }
    else:
        text = ngettext("%(days)d working day left", "%(days)d working days left", left) % {
            "days": left
        }
    if request.due_provisional:
        text += _(" (provisional)")
    return Clock(text, left, left < 0, request.due_provisional)


def _closed_clock(request: DisclosureRequest) -> Clock:
    """按期办结, or 逾期 N 个工作日办结: the day of service against the last deadline."""
    late = -clocks.days_left(request.due_on, request.closed_on)
    if late <= 0:
        return Clock(_("Closed on time"))
    text = ngettext(
        "Closed %(days)d working day late", "Closed %(days)d working days late", late
    ) % {"days": late}
    return Clock(text, -late, overdue=True)


class ListingFilters(forms.Form):
    """The listing's filters: state, agency, division, overdue only."""

    ACTIVE_STATES = ""
    ALL = "all"

    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[
            (ACTIVE_STATES, gettext_lazy("Being handled")),
            (ALL, gettext_lazy("All")),
            *S.choices,
        ],
    )
    agency = forms.ModelChoiceField(
        Agency.objects.all(),
        label=pgettext_lazy("disclosure request", "Agency"),
        required=False,
    )
    division = forms.ModelChoiceField(
        Division.objects.select_related("agency"),
        label=gettext_lazy("Division"),
        required=False,
    )
    overdue = forms.BooleanField(label=gettext_lazy("Overdue only"), required=False)
    # The annual report's cells link here: the requests closed in a year with an outcome,
    # by applicant type (docs/plugins.md, ReportRow.links).
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        required=False,
        choices=[("", gettext_lazy("All")), *Outcome.choices],
    )
    applicant_type = forms.ChoiceField(
        label=gettext_lazy("Applicant type"),
        required=False,
        choices=[("", gettext_lazy("All")), *DisclosureRequest.ApplicantType.choices],
    )
    closed_year = forms.IntegerField(
        label=gettext_lazy("Closed in year"), required=False, min_value=2008, max_value=2100
    )
    # Rows 一, 二 and 四 of the report's 三 (with the year), and 六's fees.
    report_row = forms.ChoiceField(
        label=gettext_lazy("Row of the annual report"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            ("new", gettext_lazy("1. New applications received this year")),
            ("carried", gettext_lazy("2. Applications carried over from last year")),
            ("handled", gettext_lazy("3. Results of handling this year")),
            ("next", gettext_lazy("4. Carried over to next year")),
        ],
    )
    report_year = forms.IntegerField(
        label=gettext_lazy("Year of the annual report"),
        required=False,
        min_value=2008,
        max_value=2100,
    )
    fee_notified_year = forms.IntegerField(
        label=gettext_lazy("Fee notified in year"), required=False, min_value=2008, max_value=2100
    )
    fee_paid_year = forms.IntegerField(
        label=gettext_lazy("Fee paid in year"), required=False, min_value=2008, max_value=2100
    )


def listed(user, filters: ListingFilters):
    """The requests the listing shows this user with these (validated) filters."""
    requests = visible_requests(user)
    data = filters.cleaned_data if filters.is_valid() else {}
    state = data.get("state", ListingFilters.ACTIVE_STATES)
    if state == ListingFilters.ACTIVE_STATES:
        requests = requests.filter(state__in=ACTIVE)
    elif state != ListingFilters.ALL:
        requests = requests.filter(state=state)
    if data.get("agency"):
        requests = requests.filter(agency=data["agency"])
    if data.get("division"):
        requests = requests.filter(division=data["division"])
    if data.get("overdue"):
        requests = requests.filter(overdue_q())
    if data.get("outcome"):
        requests = requests.filter(outcome=data["outcome"])
    if data.get("applicant_type"):
        requests = requests.filter(applicant_type=data["applicant_type"])
    if data.get("closed_year"):
        requests = requests.filter(closed_on__year=data["closed_year"])
    if data.get("report_row") and data.get("report_year"):
        requests = counted_in_row(requests, data["report_row"], data["report_year"])
    if data.get("fee_notified_year"):
        requests = requests.filter(fee__notified_on__year=data["fee_notified_year"])
    if data.get("fee_paid_year"):
        requests = requests.filter(fee__paid_on__year=data["fee_paid_year"])
    return attention_order(requests)


@dataclass
class StateCount:
    state: str
    label: str
    count: int


def open_by_state(user) -> tuple[list[StateCount], list[tuple[DisclosureRequest, Clock]]]:
    """The dashboard's figures: the user's open requests counted by state, and the most
    urgent of them with their clocks (overdue first)."""
    requests = visible_requests(user).filter(state__in=ACTIVE)
    counts = {state: 0 for state in ACTIVE}
    for state in requests.values_list("state", flat=True):
        counts[state] += 1
    labels = dict(S.choices)
    by_state = [
        StateCount(state, labels[state], counts[state])
        for state in S.values
        if state in ACTIVE and counts[state]
    ]
    on = today()
    urgent = [(request, clock_of(request, on)) for request in attention_order(requests)[:15]]
    return by_state, urgent
