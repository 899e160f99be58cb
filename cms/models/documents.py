"""The text of attached documents (PDF, Word), so a policy whose words are only in its
attachment is still found. Extracted once per document and kept (``DocumentText``)."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.db import models, transaction


class DocumentText(models.Model):
    """The text of one Wagtail document, as extracted from its file."""

    document = models.OneToOneField(
        getattr(settings, "WAGTAILDOCS_DOCUMENT_MODEL", "wagtaildocs.Document"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    text = models.TextField(blank=True)
    file_hash = models.CharField(max_length=40, blank=True)

    def __str__(self):
        return f"{self.document_id}: {len(self.text)} characters"


logger = logging.getLogger(__name__)
MAX_TEXT = 1_000_000  # characters kept of one document


def _pdf(stream) -> str:
    # On first use: a heavy library only an uploaded PDF needs.
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(stream).pages)


def _docx(stream) -> str:
    # On first use: a heavy library only an uploaded Word document needs.
    from docx import Document

    document = Document(stream)
    cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


EXTRACTORS = {".pdf": _pdf, ".docx": _docx, ".txt": lambda s: s.read().decode("utf-8", "replace")}


def extract(stream, name: str) -> str:
    """The text of a file by its name's suffix; empty for kinds without text (images,
    spreadsheets, OFD) and for a file that cannot be read (logged)."""
    extractor = EXTRACTORS.get(Path(name).suffix.lower())
    if extractor is None:
        return ""
    try:
        return extractor(stream)[:MAX_TEXT]
    except Exception:
        logger.warning("cannot read the text of %s", name, exc_info=True)
        return ""


def keep_text(document) -> str:
    """Extract a Wagtail document's text once (again when its file changed)."""
    kept = DocumentText.objects.filter(document=document).first()
    if kept is not None and kept.file_hash == document.file_hash:
        return kept.text
    with document.open_file() as stream:
        text = extract(stream, document.file.name)
    DocumentText.objects.update_or_create(
        document=document, defaults={"text": text, "file_hash": document.file_hash}
    )
    return text


def attachment_text(policy) -> str:
    """The kept text of a policy's attachments, in their order."""
    return attachment_texts_of([policy])[policy.pk]


def attachment_texts_of(policies) -> dict[int, str]:
    """Policy id → ``attachment_text`` of each of the policies, read in one query (none
    when they have no attachment, as most have); prefetch their ``attachments``."""
    policies = list(policies)
    ids = {a.document_id for policy in policies for a in policy.attachments.all()}
    texts = {}
    if ids:
        rows = DocumentText.objects.filter(document_id__in=ids).values_list("document_id", "text")
        texts = dict(rows)
    return {
        policy.pk: "\n".join(
            texts[a.document_id] for a in policy.attachments.all() if texts.get(a.document_id)
        )
        for policy in policies
    }


def attachment_texts(page):
    """(attachment title, text) of each attachment of a page as stored (a draft's too), in
    order; a document whose text was not kept yet is read now. Pages without attachments
    (an interpretation) have none."""
    attachments = getattr(page, "attachments", None)
    if attachments is None:
        return
    for attachment in attachments.all():
        document = attachment.document
        kept = DocumentText.objects.filter(document=document).first()
        if kept is not None and kept.file_hash == document.file_hash:
            text = kept.text
        else:
            try:
                text = keep_text(document)
            except OSError:  # the file is gone from storage: nothing to read
                logger.warning("cannot open document %s", document.pk, exc_info=True)
                text = ""
        if text:
            yield attachment.display_title, text


def document_saved(sender, instance, **kwargs):
    """An editor uploaded or replaced a document: keep its text after the commit."""
    transaction.on_commit(lambda: keep_text(instance))
