"""A document's download, as Wagtail serves it, named by its title.

Wagtail names the file by its stored name (an upload's or an import's file name, made
unique by the storage: ``tongji_a1B2c3d.pdf``), where a reader saving 附件 expects the
title they clicked. Its sendfile also sends ``Content-Encoding: None`` for a file whose
type has no encoding, which is not an encoding at all, and a text file (``text/plain``)
with no charset, which a browser reads in its own default: a Chinese .txt showed as
mojibake. Access is Wagtail's and the core's ``before_serve_document`` hook's, unchanged.
"""

import codecs
import contextlib
import re
from pathlib import PurePosixPath

from django.utils.http import content_disposition_header
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve

from cms.admin_ui.csv_export import leave_as_stored

# Not in a file name on Windows, macOS or Linux, and no control characters.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def download_name(title: str, stored_name: str) -> str:
    """The file name a download is saved under: the title, with the stored file's
    extension unless the title ends with it already."""
    suffix = PurePosixPath(stored_name).suffix
    name = _NOT_IN_NAMES.sub(" ", title).strip(" .")[:150] or PurePosixPath(stored_name).stem
    if suffix and not name.lower().endswith(suffix.lower()):
        name += suffix
    return name


# What a plain ``filename=`` fallback may hold as it is: no quoting, no escapes.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9._-]+")


def ascii_name(stored_name: str, document_id) -> str:
    """The plain ASCII ``filename=`` sent beside ``filename*=`` (RFC 6266, 4.3) for the
    clients that read no ``filename*=``: the stored file's name when it is plain ASCII
    (``tongji_a1B2c3d.pdf``), else ``document-<id>`` with its extension."""
    stored = PurePosixPath(stored_name)
    if _PLAIN_NAME.fullmatch(stored.name):
        return stored.name
    suffix = stored.suffix if _PLAIN_NAME.fullmatch(stored.suffix or "-") else ""
    return f"document-{document_id}{suffix}"


def disposition(as_attachment: bool, name: str, fallback: str) -> str:
    """Django's ``Content-Disposition`` for ``name``; a name it can only send as
    ``filename*=`` (any non-ASCII) gets the plain ``fallback`` as ``filename=`` first."""
    header = content_disposition_header(as_attachment, name)
    kind, _sep, names = header.partition("; ")
    if names.startswith("filename*="):
        return f'{kind}; filename="{fallback}"; {names}'
    return header


# How much of a text file is read to tell its encoding.
CHARSET_SNIFF = 64 * 1024


def text_charset(head: bytes) -> str:
    """The charset of a text file that starts with ``head``: utf-8, unless those bytes are
    not UTF-8 but are GB18030 (GBK), as Notepad saved Chinese text on Windows before 2019.
    A character cut by the end of ``head`` does not count."""
    for charset in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(charset)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return charset
    return "utf-8"


def _with_charset(response, document) -> None:
    """Name the charset of a text document (text/plain, text/csv) its answer does not."""
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("text/") or "charset=" in content_type.lower():
        return
    head = b""
    # No file: read as UTF-8.
    with contextlib.suppress(OSError, ValueError), document.file.open("rb") as file:
        head = file.read(CHARSET_SNIFF)
    response["Content-Type"] = f"{content_type}; charset={text_charset(head)}"


def serve(request, document_id, document_filename):
    """Wagtail's document view, its answer named by the document's title."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is not None and not document.file_hash:
        # Wagtail's ETag is the file's hash: an empty one ("") answered a stale copy's
        # If-None-Match: "" with 304 for every document stored without it.
        with contextlib.suppress(OSError):  # no file: Wagtail answers for it
            document.get_file_hash()
    response = wagtail_serve(request, document_id, document_filename)
    if response.get("Content-Encoding") == "None":
        del response["Content-Encoding"]
    if response.status_code == 200 and document is not None:
        _with_charset(response, document)
    leave_as_stored(response)
    sent = response.get("Content-Disposition")
    if response.status_code == 200 and sent and document is not None:
        response["Content-Disposition"] = disposition(
            not sent.startswith("inline"),
            download_name(document.title, document.file.name),
            ascii_name(document.file.name, document.pk),
        )
    return response
