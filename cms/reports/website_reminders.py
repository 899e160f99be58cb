"""Reminders of the website annual report's deadline (31 January): from 1 January the web
editors are told which site's report of last year is still unpublished, on the days the
disclosure report's reminders use, and the editorial directors too from a week before the
deadline (escalation). Run by the same daily beat task as the disclosure report's."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.access.mail import mail_members
from cms.access.roles import Role
from cms.models import WebsiteReportPage
from cms.models.website_reports import website_deadline
from cms.reports.reminders import ESCALATE_DAYS, REMIND_DAYS


def due_reminders(today: date) -> list[tuple[Site, int, int]]:
    """(site, year, days left) of each website report to remind of today."""
    year = today.year - 1
    published = WebsiteReportPage.objects.live().filter(year=year).values_list("site_id")
    left = (website_deadline(year) - today).days
    if not (
        (today.month, today.day) == (1, 1) or left in REMIND_DAYS or (left < 0 and -left % 7 == 0)
    ):
        return []
    return [(site, year, left) for site in Site.objects.exclude(pk__in=published)]


def remind(today: date) -> int:
    """Mail today's reminders; returns how many were sent."""
    sent = 0
    for site, year, left in due_reminders(today):
        values = {
            "site": site.site_name or site.hostname,
            "year": year,
            "due": website_deadline(year).isoformat(),
        }
        if left >= 0:
            subject = _("%(site)s: the %(year)s website annual report is due on %(due)s")
        else:
            subject = _("%(site)s: the %(year)s website annual report is overdue (due %(due)s)")
        body = _(
            "The website annual report (政府网站工作年度报表) of %(year)s is not published yet; "
            "it is due on %(due)s. Draft, check and submit it under Reports → Annual reports."
        )
        roles = [Role.WEB_EDITOR] + ([Role.EDITORIAL_DIRECTOR] if left <= ESCALATE_DAYS else [])
        if mail_members(subject % values, body % values, roles=roles):
            sent += 1
    return sent
