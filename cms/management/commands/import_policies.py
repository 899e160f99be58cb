import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.importer import import_policies


class Command(BaseCommand):
    help = "Import policies from a JSON Lines file (one policy per line)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .jsonl file, or - for standard input")
        state = parser.add_mutually_exclusive_group()
        state.add_argument(
            "--publish", action="store_true", help="publish what is imported (default: drafts)"
        )
        state.add_argument("--draft", action="store_true", help="import as drafts (the default)")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="create agencies and divisions that do not exist yet",
        )

    def handle(self, *args, file, publish, create_missing, **options):
        try:
            stream = sys.stdin.buffer if file == "-" else open(file, "rb")  # noqa: SIM115
        except OSError as error:
            raise CommandError(
                _("Cannot open %(file)s: %(error)s") % {"file": file, "error": error}
            ) from None
        with stream:
            result = import_policies(stream, publish=publish, create_missing=create_missing)
        for number, reason in result.errors:
            self.stderr.write(_("Line %(line)d: %(reason)s") % {"line": number, "reason": reason})
        summary = _(
            "Created %(created)d, updated %(updated)d, unchanged %(unchanged)d, failed %(failed)d."
        )
        self.stdout.write(summary % vars(result))
        if result.failed and not (result.created or result.updated or result.unchanged):
            raise CommandError(_("No line could be imported."))
