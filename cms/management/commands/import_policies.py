import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from cms.importing import spreadsheets
from cms.importing.importer import import_policies
from cms.importing.records import RecordError
from cms.importing.runs import count_records, import_file


class Progress:
    """A bar with count, rate and time left on a terminal; elsewhere (a log) a line
    every ``every`` records."""

    def __init__(self, total, stream, every: int):
        self.total, self.stream, self.every = total, stream, every
        self.done, self.started = 0, time.monotonic()
        self.bar = (
            tqdm(total=total, unit=_("lines"), file=stream, dynamic_ncols=True)
            if stream.isatty()
            else None
        )

    def __call__(self, _number: int) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.done % self.every == 0:
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        text = _("%(done)d lines, %(rate).1f a second") % {"done": self.done, "rate": rate}
        if self.total:
            left = max(self.total - self.done, 0) / rate if rate else 0
            text += _(", %(left)d of %(total)d left (about %(minutes).1f minutes)") % {
                "left": max(self.total - self.done, 0),
                "total": self.total,
                "minutes": left / 60,
            }
        return text

    def close(self):
        if self.bar is not None:
            self.bar.close()


class Command(BaseCommand):
    help = (
        "Import policies from a JSON Lines, CSV or XLSX file. A run that was stopped "
        "continues where it left off when run again on the same file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="path to the .jsonl, .csv or .xlsx file, or - for JSON Lines on stdin"
        )
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
        parser.add_argument(
            "--notify",
            action="store_true",
            help="tell subscribers of what is published (a migration does not by default)",
        )
        parser.add_argument(
            "--restart",
            action="store_true",
            help="start from the first line even if an earlier run of this file stopped",
        )
        parser.add_argument(
            "--one-by-one",
            action="store_true",
            help="write each policy on its own instead of in batches (slower; for comparison)",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="new policies written at a time (default 500)",
        )
        parser.add_argument(
            "--progress-every",
            type=int,
            default=1000,
            help="when not on a terminal, print progress every N lines (default 1000)",
        )

    def handle(self, *args, **options):
        try:
            self.run(**options)
        except KeyboardInterrupt:
            # Ctrl-C: what committed is kept, and the same command continues from there.
            message = (
                _("Import stopped. Run the same command again to import the rest.")
                if options["file"] == "-"
                else _(
                    "Import stopped. What was imported is kept; run the same command "
                    "again to continue where it stopped."
                )
            )
            self.stderr.write("\n" + message)
            raise SystemExit(130) from None

    def run(self, *, file, publish, create_missing, notify, restart, **options):
        options_ = {"publish": publish, "create_missing": create_missing, "notify": notify}
        if file == "-":
            result = import_policies(sys.stdin.buffer, **options_)
            resumed_from = 0
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(_("Cannot open %(file)s: no such file.") % {"file": file})
            progress = Progress(count_records(path), sys.stderr, options["progress_every"])
            try:
                result, resumed_from = import_file(
                    path,
                    restart=restart,
                    progress=progress,
                    one_by_one=options["one_by_one"],
                    batch_size=options["batch_size"],
                    **options_,
                )
            except (RecordError, spreadsheets.SpreadsheetError, OSError) as error:
                raise CommandError(str(error)) from None
            finally:
                progress.close()
        if resumed_from:
            self.stdout.write(
                _("Continued after line %(line)d, where an earlier run stopped.")
                % {"line": resumed_from}
            )
        for number, reason in result.errors:
            self.stderr.write(_("Line %(line)d: %(reason)s") % {"line": number, "reason": reason})
        summary = _(
            "Created %(created)d, updated %(updated)d, unchanged %(unchanged)d, failed %(failed)d."
        )
        self.stdout.write(summary % vars(result))
        if result.failed and not (result.created or result.updated or result.unchanged):
            raise CommandError(_("No line could be imported."))
