"""Reminders of the annual report's deadline (art. 49): from 1 January the disclosure
office is told which agency's report of last year is still unpublished, again as the
deadline nears, and the leaders too once it is a week away or past (escalation). A beat
task runs it once a day at ANNUAL_REPORT_REMIND_HOUR; which days mail is a rule of dates,
so nothing needs to be remembered between runs."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from cms.access.mail import addresses, mail_members, members
from cms.access.roles import Role
from cms.models import Agency, AnnualReportPage
from cms.models.annual_reports import deadline

# Days before the deadline on which the office is reminded (and on 1 January).
REMIND_DAYS = {30, 14, 7, 3, 1, 0}
# From this many days before the deadline, and after it, the leaders are told too.
ESCALATE_DAYS = 7


def due_reminders(today: date) -> list[tuple[Agency, int, int]]:
    """(agency, year, days left) of each report to remind of today; days left < 0: late.
    A late report is reminded every seven days until it is published."""
    year = today.year - 1
    published = set(
        AnnualReportPage.objects.live().filter(year=year).values_list("agency_id", flat=True)
    )
    found = []
    for agency in Agency.objects.exclude(pk__in=published):
        left = (deadline(agency, year) - today).days
        if (
            (today.month, today.day) == (1, 1)
            or left in REMIND_DAYS
            or (left < 0 and -left % 7 == 0)
        ):
            found.append((agency, year, left))
    return found


def office_groups() -> list[str]:
    """Who the reminders are for: the disclosure office's group
    (ANNUAL_REPORT_OFFICE_GROUP); while no member of it has an address (no disclosure
    office set up), the editorial directors, who head the office where an agency has none
    of its own."""
    office = settings.ANNUAL_REPORT_OFFICE_GROUP
    return [office] if addresses(members(roles=[office])) else [Role.EDITORIAL_DIRECTOR]


def remind(today: date) -> int:
    """Mail today's reminders; returns how many were sent."""
    sent = 0
    office = office_groups()
    for agency, year, left in due_reminders(today):
        due = deadline(agency, year)
        if left >= 0:
            subject = _("%(agency)s: the %(year)s annual disclosure report is due on %(due)s")
        else:
            subject = _(
                "%(agency)s: the %(year)s annual disclosure report is overdue (due %(due)s)"
            )
        values = {"agency": agency.name, "year": year, "due": due.isoformat()}
        body = (
            _(
                "The annual report on government information disclosure of %(year)s is not "
                "published yet; it is due on %(due)s (article 49 of the regulation). Draft, check "
                "and submit it under Reports → Annual reports."
            )
            % values
        )
        roles = office + ([Role.LEADER] if left <= ESCALATE_DAYS else [])
        if mail_members(subject % values, body, roles=roles):
            sent += 1
    return sent
