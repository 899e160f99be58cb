"""The index document: one per public policy, with its interpretations' text.

A policy is found through its interpretation's words because their text is part of its
document. The document keeps the original text (results show it) and, for the engines,
the normalized text (``search.text``), so every backend matches the same way.
"""

from collections.abc import Iterator

from cms.api.queries import interpretations_by_policy
from cms.extend import plugin_manager
from cms.models import PolicyPage
from cms.models.documents import attachment_text, attachment_texts_of
from cms.models.home import public_policies
from cms.models.policy import one_spelling_each
from cms.text.page_text import body_text
from search.text import doc_number_key, normalize

# Text fields, in the order of their weight; each is indexed normalized as "<name>_n".
# "extra" is the text plugins add (extra_search_text): a published FAQ, for instance.
TEXT_FIELDS = ("title", "doc_number", "summary", "body", "interpretations", "extra")


def _plugin_terms(fields: dict[str, dict]) -> list[str]:
    """Plugin fields as "plugin.field=value" keywords, for filters and facets."""
    terms = []
    for plugin, values in sorted(fields.items()):
        for name, value in sorted((values or {}).items()):
            items = value if isinstance(value, list | tuple) else [value]
            terms.extend(f"{plugin}.{name}={item}" for item in items if item is not None)
    return terms


def policy_document(
    policy: PolicyPage,
    interpretations,
    plugin_fields: dict[str, dict] | None = None,
    extra: str | None = None,
    attached: str | None = None,
) -> dict:
    """The index document of a public policy and its live interpretations.

    ``plugin_fields``, ``extra`` and ``attached`` (the plugins' fields and text, the
    attachments' text) are read here when not given; ``documents_of`` reads them for a
    batch of policies at once.
    """
    interpretation_items = [
        {
            "id": i.pk,
            "title": i.title,
            "form": i.form,
            "stage": i.stage,
            "url": i.get_full_url() or "",
            "text": f"{i.title}\n{i.summary}\n{body_text(i)}".strip(),
        }
        for i in interpretations
    ]
    body = body_text(policy)
    if attached is None:
        attached = attachment_text(policy)
    if plugin_fields is None:
        plugin_fields = plugin_manager.extra_search_fields(policy)
    if extra is None:
        extra = plugin_manager.extra_search_text(policy)
    document = {
        "id": policy.pk,
        "title": policy.title,
        "doc_number": policy.doc_number,
        "doc_number_key": doc_number_key(policy.doc_number),
        "index_number": policy.index_number,
        "agency": {"id": policy.agency_id, "name": policy.agency.name},
        "division": {"id": policy.division_id, "name": policy.division.name},
        "doc_type": policy.doc_type,
        # One spelling per topic, so a policy filed under 政务公开 and 政務公開 (stored
        # before topics were filed under one spelling) counts once in the topic facet.
        "topics": one_spelling_each(tag.name for tag in policy.topics.all()),
        "issued_on": policy.issued_on.isoformat(),
        "year": policy.issued_on.year,
        "published_at": policy.last_published_at.isoformat() if policy.last_published_at else None,
        "url": policy.get_full_url() or "",
        "summary": policy.summary,
        "body": body,
        "interpretations": interpretation_items,
        "plugins": plugin_fields,
        "plugin_terms": _plugin_terms(plugin_fields),
    }
    normalized = {
        "title": policy.title,
        "doc_number": policy.doc_number,
        "summary": policy.summary,
        # The attachments' words find the policy as its own do; results quote the body.
        "body": f"{body}\n{attached}" if attached else body,
        "interpretations": "\n".join(i["text"] for i in interpretation_items),
        "extra": extra,
    }
    document.update({f"{name}_n": normalize(normalized[name]) for name in TEXT_FIELDS})
    return document


def _public_queryset():
    return (
        public_policies()
        .select_related("agency", "division")
        .prefetch_related("topics", "attachments")
        .order_by("pk")
    )


def documents_of(batch: list[PolicyPage]) -> Iterator[dict]:
    """The documents of a batch of public policies (read by ``_public_queryset``): their
    interpretations, attachments' text and each plugin's fields and text read once for
    the batch, not once per policy."""
    if not batch:
        return
    interpretations = interpretations_by_policy(batch, fields=None)
    attached = attachment_texts_of(batch)
    fields = plugin_manager.extra_search_fields_of(batch)
    extra = plugin_manager.extra_search_text_of(batch)
    for policy in batch:
        yield policy_document(
            policy,
            interpretations.get(policy.pk, []),
            plugin_fields=fields[policy.pk],
            extra=extra[policy.pk],
            attached=attached[policy.pk],
        )


def documents(batch_size: int = 200) -> Iterator[dict]:
    """Every public policy's document, read a batch at a time."""
    last = 0
    while True:
        batch = list(_public_queryset().filter(pk__gt=last)[:batch_size])
        if not batch:
            return
        yield from documents_of(batch)
        last = batch[-1].pk


def count() -> int:
    return public_policies().count()


def public_ids() -> list[int]:
    return list(public_policies().values_list("pk", flat=True))


def document_for(policy_id: int) -> dict | None:
    """The policy's document, or None when it is not public (anymore)."""
    return next(documents_for([policy_id]), None)


def documents_for(policy_ids) -> Iterator[dict]:
    """The documents of those of these policies that are public."""
    yield from documents_of(list(_public_queryset().filter(pk__in=list(policy_ids))))
