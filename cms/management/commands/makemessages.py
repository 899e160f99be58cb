"""Django's makemessages as `make messages` runs it, so that a run round-trips.

- Lines are not wrapped (--no-wrap in the Makefile) and new msgids are not matched
  fuzzily to old ones: msgmerge's guesses ("in moderation" → 信息内容) are wrong more
  often than not, and a fuzzy entry is silently left out of the .mo.
- gettext_noop imported as N_ and gettext imported as gettext_now are keywords too.
- Context-free msgids the project uses so that Wagtail's or Django's own translation
  applies (UPSTREAM_MSGIDS) are kept out of the project's catalogues: an entry for them
  would be empty, or, once filled in, would override Wagtail's wording on its screens.
- A catalogue whose only change is its POT-Creation-Date is left as it was.
"""

import re
from pathlib import Path

from django.core.management.commands import makemessages

# Msgids (without a context) the project's code passes to gettext for Wagtail's or
# Django's own translation: column headings of Wagtail's reports, its page statuses and
# pages. "Completed by" is worded in cms/wagtail_locale (完成人). Not "This field is
# required.": the project words it 此项必填。 (SHARED_WITH_WAGTAIL_AND_DJANGO in the tests).
UPSTREAM_MSGIDS = frozenset(
    {
        "App",
        "Completed at",
        "Completed by",
        "in moderation",
        "Last edit",
        "Last edited page",
        "Last published",
        "Last published by",
        "No",
        "No pages found.",
        "page",
        "Page '%(page_title)s' has been updated.",
        "pages",
        "Pages",
        "Password",
        "Requested by",
        "scheduled",
        "Started at",
        "Status",
        "Task",
        "Type",
        "Workflow",
        "Yes",
    }
)

_CREATION_DATE = re.compile(r'^"POT-Creation-Date: .*\\n"\n', re.MULTILINE)


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def drop_upstream_entries(po_text: str) -> str:
    """The .po text without the (current or obsolete) context-free entries of
    UPSTREAM_MSGIDS. Needs unwrapped entries (--no-wrap), one blank line apart."""
    unwanted = {f"msgid {_po_string(m)}" for m in UPSTREAM_MSGIDS}
    kept = []
    for block in po_text.split("\n\n"):
        lines = [line.removeprefix("#~ ") for line in block.splitlines()]
        has_context = any(line.startswith("msgctxt ") for line in lines)
        if not has_context and unwanted.intersection(lines):
            continue
        kept.append(block)
    return "\n\n".join(kept)


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=N_",
        "--keyword=gettext_now",
    ]
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def write_po_file(self, potfile, locale):
        pofile = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
        before = pofile.read_text(encoding="utf-8") if pofile.exists() else None
        super().write_po_file(potfile, locale)
        after = drop_upstream_entries(pofile.read_text(encoding="utf-8"))
        if before is not None and _CREATION_DATE.sub("", before) == _CREATION_DATE.sub("", after):
            after = before
        pofile.write_text(after, encoding="utf-8")
