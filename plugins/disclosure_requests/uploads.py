"""Files of a request: what an applicant attaches (a copy of the ID, a supplement's
papers), and the government information the office provides with the reply. How many,
how large, and of what kind by their content (never by the browser's word), stored in
the private storage under a random name."""

from __future__ import annotations

import os
import secrets
import zipfile

from django.utils.translation import gettext as _

from cms.plugin_api import clean_text
from plugins.disclosure_requests import conf
from plugins.disclosure_requests.models import Attachment

# The first bytes of the kinds taken, and the extension a stored file gets.
SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


# The government information provided may also be Word, Excel, OFD or a zip of them:
# a zip is told apart by the parts inside it, an old Office file (OLE2) by its name only
# between .doc and .xls (both are OLE2 containers).
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
OLE2_NAMES = ("doc", "xls")


def sniff(upload) -> str | None:
    """The file's extension by its first bytes (pdf, jpg, png), None for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, extension in SIGNATURES:
        if head.startswith(signature):
            return extension
    return None


def _zip_kind(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        if any(name.startswith("word/") for name in names):
            return "docx"
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
        return None
    if "OFD.xml" in names:
        return "ofd"
    return "zip"


def sniff_provided(upload) -> str | None:
    """The extension of a file of government information provided: PDF, OFD, Word,
    Excel, JPEG, PNG or zip by content; None for anything else."""
    found = sniff(upload)
    if found:
        return found
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(ZIP):
        return _zip_kind(upload)
    if head.startswith(OLE2):
        named = os.path.splitext(str(upload.name or ""))[1].lower().lstrip(".")
        return named if named in OLE2_NAMES else None
    return None


def display_name(upload) -> str:
    """The name the applicant's file had, as plain text without its folders."""
    name = clean_text(os.path.basename(str(upload.name or "").replace("\\", "/")))
    return " ".join(name.split())[:200] or "file"


def problem(files: list, provided: bool = False) -> str | None:
    """What is wrong with the files sent, in Chinese; None when they may be stored.
    ``provided``: files of government information the office provides (more kinds, up to
    20 files; the size limit is the same)."""
    most = conf.get("DISCLOSURE_MAX_ATTACHMENTS")
    megabytes = conf.get("DISCLOSURE_MAX_ATTACHMENT_MB")
    if provided:  # a reply may provide many documents; 20 keeps one form's upload sane
        most = max(most, 20)
    if len(files) > most:
        return _("At most %(count)d files.") % {"count": most}
    for upload in files:
        name = display_name(upload)[:60]
        if not upload.size:
            return _("“%(name)s” is empty.") % {"name": name}
        if upload.size > megabytes * 1024 * 1024:
            return _("“%(name)s” is larger than %(mb)d MB.") % {"name": name, "mb": megabytes}
        if provided and sniff_provided(upload) is None:
            return _("“%(name)s” is not a PDF, OFD, Word, Excel, JPEG, PNG or zip file.") % {
                "name": name
            }
        if not provided and sniff(upload) is None:
            return _("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": name}
    return None


def attach(request, upload, kind: str) -> Attachment:
    """Store a checked file with the request, in the private storage; its stored name is
    random (a path shows nothing of the applicant), its own name is kept for the office."""
    attachment = Attachment(request=request, kind=kind, name=display_name(upload))
    extension = sniff_provided(upload) if kind == Attachment.Kind.PROVIDED else sniff(upload)
    attachment.file.save(f"{secrets.token_hex(12)}.{extension}", upload, save=False)
    attachment.save()
    return attachment
