from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plugins.govservice.catalogue import RowError, import_catalogue


class Command(BaseCommand):
    help = "Import the online service catalogue from a CSV or XLSX file (header row first)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .csv or .xlsx file")

    def handle(self, *args, file, **options):
        try:
            data = Path(file).read_bytes()
            result = import_catalogue(file, data)
        except OSError as error:
            raise CommandError(
                _("Cannot open %(file)s: %(error)s") % {"file": file, "error": error}
            ) from None
        except RowError as error:
            raise CommandError(str(error)) from None
        for number, reason in result.errors:
            self.stderr.write(_("Line %(line)d: %(reason)s") % {"line": number, "reason": reason})
        summary = _(
            "Created %(created)d, updated %(updated)d, unchanged %(unchanged)d, failed %(failed)d."
        )
        self.stdout.write(summary % vars(result))
