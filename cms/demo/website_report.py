"""The demo's website annual report (issue 28.4): the demo site's identity (run by
江岭市统计局, with a drawn stand-in for the 党政机关 badge), a year of visit aggregates for
2025 as the counter would have left them, and the 2025 report published, its computed
cells counted from the demo's content and the cells no system holds (special columns,
interviews, security, new media, and the consultations while no plugin counts them)
entered as an office would. Safe to run again."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.demo.media import badge_image
from cms.extend.report_tables import table_to_data
from cms.models import DailyVisits, PolicyPage, SiteIdentity
from cms.reports import website
from cms.reports.assembly import is_manual
from interpretations.models import InterpretationPage

YEAR = 2025
IDENTITY = {
    "site_code": "9999000001",
    "kind": SiteIdentity.Kind.DEPARTMENT,
    "icp_number": "江ICP备20250001号",
    "security_record_number": "江公网安备99990002000001号",
    "sponsor": "江岭市统计局",
    "organizer": "江岭市统计局办公室",
    "contact_phone": "0999-12345678",
    "contact_address": "江岭市人民路1号",
    # The registry's and the national error-reporting platform's home pages stand in for
    # the site's own entries there, which a real site gets with its registration.
    "badge_url": "https://www.conac.cn/",
    "error_report_url": "https://zfwzzc.www.gov.cn/",
}
# The office's numbers for the cells no system holds (written for the demo).
ENTERED = {
    "columns": {"maintained": 6, "opened": 1},
    "consultations": {"rounds": 2, "opinions": 37, "results": 2},
    "interviews": {"rounds": 3, "questions": 58, "answered": 55},
    "security": {"assessments": 4, "problems": 7, "fixed": 7},
    "new_media": {"accounts": 2, "posts": 412, "followers": 18650},
}


def _identity(site) -> None:
    """Fill what is empty (an older demo gets the fields added since), keep what is set."""
    settings = SiteIdentity.for_site(site)
    values = {name: value for name, value in IDENTITY.items() if not getattr(settings, name)}
    if settings.badge_image_id is None:
        values["badge_image"] = badge_image()
    for name, value in values.items():
        setattr(settings, name, value)
    if values:
        settings.save()


def _visits(site) -> None:
    """A year of daily rows, busier on working days, as the counter leaves them."""
    day, rows = date(YEAR, 1, 1), []
    while day.year == YEAR:
        visitors = 180 + (day.toordinal() * 37) % 160 - (90 if day.weekday() >= 5 else 0)
        rows.append(
            DailyVisits(site=site, day=day, visitors=visitors, page_views=visitors * 3 + day.day)
        )
        day += timedelta(days=1)
    DailyVisits.objects.bulk_create(rows, ignore_conflicts=True)


def _published_when_issued(site) -> None:
    """The demo's content as the site would have published it, each policy and its
    interpretations on the policy's issue date: the import stamps them all with the day the
    demo was loaded, which would leave 2025's information published at 0. Only the
    policies issued up to the report's year; the later ones keep their day."""
    policies = PolicyPage.objects.descendant_of(site.root_page).filter(
        first_published_at__isnull=False, issued_on__year__lte=YEAR
    )
    for policy in policies.only("pk", "path", "depth", "issued_on", "first_published_at"):
        when = timezone.make_aware(datetime.combine(policy.issued_on, time(9)))
        if policy.first_published_at <= when:
            continue
        PolicyPage.objects.filter(pk=policy.pk).update(first_published_at=when)
        InterpretationPage.objects.child_of(policy).filter(first_published_at__isnull=False).update(
            first_published_at=when
        )


def _enter(report) -> None:
    tables = []
    for table in report.frozen_tables():
        if is_manual(table):
            values = ENTERED.get(table.key, {})
            rows = tuple(replace(r, cells={"value": values.get(r.key, 0)}) for r in table.rows)
            table = replace(table, rows=rows)
        tables.append(table_to_data(table))
    report.tables = tables


def load_demo_website_report(base_url: str) -> list[str]:
    """Create and publish the demo's website report if missing; the lines load_demo prints."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    _identity(site)
    _visits(site)
    _published_when_issued(site)
    report = website.start_draft(site, YEAR)
    if not report.live:
        website.assemble_into(report)
        _enter(report)
        try:
            report.save_revision().publish()
        except ValidationError as error:
            errors = "；".join(error.messages)
            return [
                _("Website annual report of 2025 left as a draft: %(errors)s") % {"errors": errors}
            ]
    return [
        _("Website annual report of 2025 (published): %(url)s") % {"url": base_url + report.url},
    ]
