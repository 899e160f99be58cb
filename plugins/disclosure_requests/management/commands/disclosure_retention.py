"""Erase the personal data of disclosure requests past the retention period (beat runs it
monthly; run by hand with --dry-run to see what it would erase)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from plugins.disclosure_requests import conf
from plugins.disclosure_requests.privacy import anonymise_expired


class Command(BaseCommand):
    help = (
        "Erase the applicants' personal data of requests closed longer ago than "
        "DISCLOSURE_RETENTION_YEARS; the statistics stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the requests, erase nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        references = anonymise_expired(dry_run=dry_run)
        years = conf.get("DISCLOSURE_RETENTION_YEARS")
        if dry_run:
            summary = _(
                "Retention %(years)d years: the personal data of %(count)d requests would be "
                "erased."
            )
        else:
            summary = _(
                "Retention %(years)d years: the personal data of %(count)d requests was erased."
            )
        self.stdout.write(summary % {"years": years, "count": len(references)})
        for reference in references:
            self.stdout.write(f"  {reference}")
