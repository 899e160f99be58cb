"""Who may download an uploaded document (issue 25.3; bundle rule 7,
docs/architecture.md#bundle-rules).

A document is public only while a public page uses it: an attachment of, or a link in
the text of, a page the public may see, which for a policy and everything under it is
the rule of ``is_public_policy`` (live, not restricted, proactively disclosed). The
pages' own rows hold their live content; links in text are read from Wagtail's reference
index. Anyone else gets a 404, so a draft's files stay private until the bundle is
published, and go private again when the policy is withdrawn or reclassified.

Editors still open a non-public file from the admin's previews when they may edit a page
that uses it (its latest draft included: the same rule as the bundle preview, so a
division's drafters see only their division's files) or uploaded it themselves, and only
from the admin's networks (``ADMIN_ALLOWED_NETWORKS``).

The files themselves are never served directly: nginx denies /media/documents/ and the
demo's media route leaves it out (policy_cms.urls); an object store keeps them private.
"""

from __future__ import annotations

import re

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex, Revision

from cms.access.networks import admin_allowed
from cms.models import PolicyAttachment, PolicyPage
from cms.models.home import is_public_policy

# A rich-text link to a document as Wagtail stores it, <a linktype="document" id="5">,
# with the quotes escaped where the text sits inside JSON (a revision, a stream block).
_LINK = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_LINKTYPE = re.compile(r'\blinktype=\\?"document\\?"', re.IGNORECASE)
_LINK_ID = re.compile(r'\bid=\\?"(\d+)\\?"')


def _linked_ids(text: str) -> set[int]:
    ids = set()
    for tag in _LINK.findall(text):
        if _LINKTYPE.search(tag):
            ids.update(int(found) for found in _LINK_ID.findall(tag))
    return ids


def pages_using(document_id: int) -> set[int]:
    """The pages whose stored content (the live content of a live page) uses the
    document: as a policy's attachment, or wherever the reference index saw it."""
    Document = get_document_model()
    used = set(
        PolicyAttachment.objects.filter(document_id=document_id).values_list("page_id", flat=True)
    )
    referring = ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(Document),
        to_object_id=str(document_id),
        base_content_type=ReferenceIndex._get_base_content_type(Page),
    ).values_list("object_id", flat=True)
    used.update(int(pk) for pk in referring)
    return used


def drafts_using(document_id: int) -> set[int]:
    """The pages whose latest, unpublished revision uses the document."""
    attachment = f'"document": {document_id}'
    candidates = (
        Revision.objects.annotate(text=Cast("content", TextField()))
        .filter(
            pk__in=Page.objects.filter(has_unpublished_changes=True).values("latest_revision_id")
        )
        .filter(Q(text__contains=attachment) | Q(text__contains='linktype=\\"document\\"'))
        .values_list("object_id", "content")
    )
    return {int(pk) for pk, content in candidates if _uses(content, document_id)}


def _uses(value, document_id: int) -> bool:
    """Whether a revision's content holds the document: a child row pointing at it (an
    attachment) or a link to it in any text."""
    if isinstance(value, dict):
        if value.get("document") == document_id:
            return True
        return any(_uses(item, document_id) for item in value.values())
    if isinstance(value, list):
        return any(_uses(item, document_id) for item in value)
    if isinstance(value, str) and "document" in value:
        return document_id in _linked_ids(value)
    return False


def _public_page(path: str) -> bool:
    """Whether a live, unrestricted page is public: every policy at or above it is."""
    steps = range(Page.steplen, len(path) + 1, Page.steplen)
    policies = PolicyPage.objects.filter(path__in=[path[:n] for n in steps])
    return all(is_public_policy(pk) for pk in policies.values_list("pk", flat=True))


def is_public_document(document_id: int) -> bool:
    """Whether anyone may download the document: a public page uses it."""
    used = pages_using(document_id)
    if not used:
        return False
    paths = Page.objects.live().public().filter(pk__in=used).values_list("path", flat=True)
    return any(_public_page(path) for path in paths)


def may_preview(request, document) -> bool:
    """Whether this editor may open a document that is not public (from a preview)."""
    user = request.user
    if not (user.is_authenticated and user.is_active and admin_allowed(request)):
        return False
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    if user.is_superuser or document.uploaded_by_user_id == user.pk:
        return True
    pages = Page.objects.filter(pk__in=pages_using(document.pk) | drafts_using(document.pk))
    return any(page.permissions_for_user(user).can_edit() for page in pages.specific())
