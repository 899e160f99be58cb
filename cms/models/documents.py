"""Text kept from attached documents (cms.document_text), for search."""

from django.conf import settings
from django.db import models


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
