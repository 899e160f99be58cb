"""Attachments of imported policies: ``"attachments": [{"title": …, "path": …}]``, paths
relative to the import file. Each file is checked (kind by its name and its first bytes,
size), stored once as a Wagtail document however many policies attach it, and its text
kept for search."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms.models import PolicyAttachment
from cms.models.documents import keep_text

OLE = b"\xd0\xcf\x11\xe0"  # Word, Excel and WPS files before 2007
ZIP = b"PK\x03\x04"  # .docx, .xlsx, OFD
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".wps": (OLE,),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".ofd": (ZIP,),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF8",),
}


class AttachmentError(Exception):
    """An attachment that cannot be taken; the message names it and says why."""


def check(item, position: int, base_dir: Path) -> tuple[str, Path]:
    """(title, file) of one attachment of a line, or ``AttachmentError``."""

    def refuse(message: str):
        return AttachmentError(_("Attachment %(n)d: %(error)s") % {"n": position, "error": message})

    if not isinstance(item, dict) or not isinstance(item.get("path"), str) or not item["path"]:
        raise refuse(_("give an object with “path” (and “title”)."))
    title = item.get("title") or ""
    if not isinstance(title, str) or len(title) > 255:
        raise refuse(_("“title” must be text of at most 255 characters."))
    path = (base_dir / item["path"]).resolve()
    suffix = path.suffix.lower()
    if suffix not in SIGNATURES:
        allowed = "、".join(sorted(s.lstrip(".") for s in SIGNATURES))
        raise refuse(
            _("“%(name)s” is not of a kind that may be attached (%(allowed)s).")
            % {"name": item["path"], "allowed": allowed}
        )
    if not path.is_file():
        raise refuse(_("the file “%(name)s” does not exist.") % {"name": item["path"]})
    size = path.stat().st_size
    if size > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE:
        raise refuse(
            _("“%(name)s” is larger than %(max)d MB.")
            % {"name": item["path"], "max": settings.WAGTAILDOCS_MAX_UPLOAD_SIZE // 2**20}
        )
    with path.open("rb") as stream:
        head = stream.read(8)
    if not any(head.startswith(signature) for signature in SIGNATURES[suffix]):
        raise refuse(
            _("“%(name)s” is not really a %(kind)s file.")
            % {"name": item["path"], "kind": suffix.lstrip(".").upper()}
        )
    return title.strip(), path


def parse(data: dict, base_dir: Path) -> list[tuple[str, Path]] | None:
    """The line's attachments, checked; None when the line names none (left as they are)."""
    if "attachments" not in data:
        return None
    items = data["attachments"] or []
    if not isinstance(items, list):
        raise AttachmentError(_("Field “attachments” must be a list."))
    return [check(item, n, base_dir) for n, item in enumerate(items, start=1)]


def _sha1(path: Path) -> str:
    sha = hashlib.sha1()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def document_for(title: str, path: Path):
    """The Wagtail document holding this file: the one already stored, or a new one,
    with its text kept."""
    Document = get_document_model()
    existing = Document.objects.filter(file_hash=_sha1(path)).first()
    if existing is not None:
        return existing
    with path.open("rb") as stream:
        document = Document(
            title=title or path.stem,
            file=File(stream, name=path.name),
            collection=Collection.get_first_root_node(),
        )
        document._set_document_file_metadata()
        document.save()
    keep_text(document)
    return document


def attach(page, attachments: list[tuple[str, Path]]) -> bool:
    """Make the page's attachments these (in its next revision); True when they changed."""
    wanted = [(document_for(title, path), title) for title, path in attachments]
    current = [(a.document_id, a.title) for a in page.attachments.all()]
    if current == [(document.pk, title) for document, title in wanted]:
        return False
    page.attachments = [PolicyAttachment(document=d, title=title) for d, title in wanted]
    return True
