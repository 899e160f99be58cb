"""Files an applicant attaches (a copy of the ID, a supplement's papers): how many, how
large, and of what kind by their content (never by their name or the browser's word),
stored in the private storage under a random name."""

from __future__ import annotations

import os
import secrets

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


def sniff(upload) -> str | None:
    """The file's extension by its first bytes (pdf, jpg, png), None for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, extension in SIGNATURES:
        if head.startswith(signature):
            return extension
    return None


def display_name(upload) -> str:
    """The name the applicant's file had, as plain text without its folders."""
    name = clean_text(os.path.basename(str(upload.name or "").replace("\\", "/")))
    return " ".join(name.split())[:200] or "file"


def problem(files: list) -> str | None:
    """What is wrong with the files sent, in Chinese; None when they may be stored."""
    most = conf.get("DISCLOSURE_MAX_ATTACHMENTS")
    megabytes = conf.get("DISCLOSURE_MAX_ATTACHMENT_MB")
    if len(files) > most:
        return _("At most %(count)d files.") % {"count": most}
    for upload in files:
        name = display_name(upload)[:60]
        if not upload.size:
            return _("“%(name)s” is empty.") % {"name": name}
        if upload.size > megabytes * 1024 * 1024:
            return _("“%(name)s” is larger than %(mb)d MB.") % {"name": name, "mb": megabytes}
        if sniff(upload) is None:
            return _("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": name}
    return None


def attach(request, upload, kind: str) -> Attachment:
    """Store a checked file with the request, in the private storage; its stored name is
    random (a path shows nothing of the applicant), its own name is kept for the office."""
    attachment = Attachment(request=request, kind=kind, name=display_name(upload))
    attachment.file.save(f"{secrets.token_hex(12)}.{sniff(upload)}", upload, save=False)
    attachment.save()
    return attachment
