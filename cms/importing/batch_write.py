"""Writing a batch of new policies and their interpretations in a few bulk statements
(the importer's fast path, ``bulk``), ending as the one-by-one path does in every respect
the site reads: each page's place in the tree, its revision (with the same content), its
log entries, its index number, publication times, topics, references and Wagtail's admin
search entry, and ``page_published`` sent for every published page."""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signals import page_published, published

from cms.delivery.outbox import record_event
from cms.importing import importer
from cms.importing.parsing import PolicyRecord
from cms.models import OutboxEvent, PendingIndex, PolicyPage, PublicationStamp
from cms.models.home import ensure_library
from cms.models.index_numbers import format_index_number, reserve_serials
from cms.models.policy import PolicyPageTopic, topic_spelling
from cms.tasks import update_admin_search
from interpretations.models import InterpretationPage

# Fields checked in Python before a row is written; the rest are set by this module.
UNCHECKED = [
    "path",
    "depth",
    "url_path",
    "content_type",
    "locale",
    "owner",
    "live_revision",
    "latest_revision",
    "agency",
    "division",
]


@dataclass
class Entry:
    number: int
    record: PolicyRecord
    policy: PolicyPage | None = None
    interpretations: list[InterpretationPage] = field(default_factory=list)


def write(entries: list[Entry], *, publish: bool, user=None, notify: bool = False) -> None:
    """Create these new policies and their interpretations, published when asked; call in a
    transaction. Raises ``ValidationError`` for a row that does not validate."""
    now = timezone.now()
    tags = _tags(entries)
    for entry in entries:
        entry.policy = _policy(entry.record, tags)
        entry.interpretations = [
            _interpretation(entry.record, i) for i in entry.record.interpretations
        ]
    libraries = defaultdict(list)
    for entry in entries:
        libraries[entry.record.agency.pk].append(entry)
    for group in libraries.values():
        library = ensure_library(group[0].record.agency)
        _place(library, [e.policy for e in group])
    for entry in entries:
        _place(entry.policy, entry.interpretations, parent_is_new=True)
        for page in entry.interpretations:
            page._cached_parent_obj = entry.policy  # as treebeard's add_child leaves it

    policies = [e.policy for e in entries]
    interpretations = [i for e in entries for i in e.interpretations]
    pages = policies + interpretations
    children = {id(page): _child_objects(page) for page in pages}
    for page in pages:
        page.clean_fields(exclude=UNCHECKED)
        page.latest_revision_created_at = now
        page.has_unpublished_changes = not publish
        if publish:
            page.live = True
            page.first_published_at = page.last_published_at = now
    if publish:
        _number(policies)

    _insert(PolicyPage, policies)
    _insert(InterpretationPage, interpretations)
    for page in pages:
        for items in children[id(page)].values():
            for item in items:
                setattr(item, item._meta.get_field(_fk_name(item)).attname, page.pk)
    for model, items in _by_model(children.values()).items():
        model.objects.bulk_create(items)
    revisions = _revisions(pages, user, now, publish=publish)
    _log(pages, revisions, user, now, publish=publish)
    _references(pages)
    for model, group in ((PolicyPage, policies), (InterpretationPage, interpretations)):
        transaction.on_commit(partial(_admin_search, model, [p.pk for p in group]), robust=True)
    if publish:
        # What the search index must write, in one statement rather than one a page.
        PendingIndex.record(p.pk for p in policies)
        with PublicationStamp.once():
            for entry in entries:
                _published(entry.policy, revisions[entry.policy.pk])
                for page in entry.interpretations:
                    _published(page, revisions[page.pk])
                if notify:
                    record_event(entry.policy, OutboxEvent.Kind.PUBLISHED)


def _policy(record: PolicyRecord, tags: dict[str, Tag]) -> PolicyPage:
    page = PolicyPage(
        slug=importer.policy_slug(record),
        agency=record.agency,
        live=False,
        **importer.policy_fields(record),
    )
    # What topics.set(names) keeps in memory, with the batch's tags looked up once.
    chosen = {tags[name].pk: tags[name] for name in record.topics}  # 政務公開 and 政务公开: one
    page.tagged_topics = [PolicyPageTopic(tag=tag) for tag in chosen.values()]
    return page


def _tags(entries: list[Entry]) -> dict[str, Tag]:
    """The batch's topics as tags, the missing ones created (as taggit does)."""
    typed = list(dict.fromkeys(name for entry in entries for name in entry.record.topics))
    spelling = topic_spelling(typed)
    names = set(spelling.values())
    found = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(names - found.keys()):
        found[name] = Tag.objects.create(name=name)
    return {name: found[spelling[name]] for name in typed}


def _interpretation(record: PolicyRecord, item: dict) -> InterpretationPage:
    page = InterpretationPage(
        slug=importer.interpretation_slug(record, item),
        live=False,
        **importer.interpretation_fields(item),
    )
    page.body = item["body"]
    return page


def _place(parent: Page, pages: list[Page], *, parent_is_new: bool = False) -> None:
    """Give new children their tree paths after the parent's last child, as treebeard's
    ``add_child`` would one at a time, and count them in the parent's ``numchild``."""
    if not pages:
        return
    if parent_is_new:
        first = 1
        parent.numchild = len(pages)
    else:
        # Locked, so that nothing adds a child beside the batch meanwhile.
        parent = Page.objects.select_for_update().get(pk=parent.pk)
        last = parent.get_last_child()
        first = last._get_lastpos_in_path() + 1 if last else 1
    for position, page in enumerate(pages, start=first):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, position)
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.draft_title = page.title
    if not parent_is_new:
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


def _child_objects(page: Page) -> dict:
    """The page's in-memory child rows (topics, panels' inline rows), by relation."""
    found = {}
    for relation in get_all_child_relations(type(page)):
        items = getattr(page, relation.get_accessor_name()).get_object_list()
        if items:
            found[relation] = list(items)
    return found


def _fk_name(item) -> str:
    # The one ParentalKey of a child row that points at its page.
    return next(f.name for f in item._meta.fields if isinstance(f, ParentalKey))


def _by_model(groups) -> dict:
    rows = defaultdict(list)
    for group in groups:
        for relation, items in group.items():
            rows[relation.related_model].extend(items)
    return rows


def _insert(model, pages: list[Page]) -> None:
    """Insert pages of a model that inherits from Page: the base rows with
    ``bulk_create`` (which gives their ids), then the model's own rows."""
    if not pages:
        return
    content_type = ContentType.objects.get_for_model(model)
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = []
    for page in pages:
        page.content_type = content_type
        bases.append(Page(**{f.attname: getattr(page, f.attname) for f in base_fields}))
    Page.objects.bulk_create(bases)
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.page_ptr_id = base.pk
        page.id = base.pk
        page._state.adding = False
    own = model._meta.local_concrete_fields
    size = connection.ops.bulk_batch_size(own, pages) or len(pages)
    for start in range(0, len(pages), size):
        # Django's bulk_create refuses multi-table inheritance; this is the insert it
        # would make for the child table, with the parent's ids already known.
        rows = pages[start : start + size]
        with _as_values(rows, "page_ptr_id"):
            model._base_manager._insert(rows, fields=own, using="default")


# What a page holds when save_revision serializes it, just after add_child: nothing of
# its publication yet, and no children.
DRAFT = {
    "live": False,
    "has_unpublished_changes": False,
    "first_published_at": None,
    "last_published_at": None,
    "latest_revision_created_at": None,
    "numchild": 0,
}


def _as_drafted(page: Page) -> dict:
    """The revision content the one-by-one path stores for a new page."""
    draft = dict(DRAFT, index_number=None) if isinstance(page, PolicyPage) else DRAFT
    final = {name: getattr(page, name) for name in draft}
    for name, value in draft.items():
        setattr(page, name, value)
    try:
        return page.serializable_data()
    finally:
        for name, value in final.items():
            setattr(page, name, value)


@contextmanager
def _as_values(objects: list, attname: str):
    """Insert these rows as VALUES, not as PostgreSQL's UNNEST arrays, by making one
    column's values expressions (Django then leaves UNNEST aside). psycopg escapes each
    backslash and quote of an array's text with a regular expression, which is slow for
    the long JSON of Chinese text (every character a \\uXXXX) in revisions and bodies."""
    if connection.vendor != "postgresql":
        yield
        return
    values = [getattr(o, attname) for o in objects]
    for o, value in zip(objects, values, strict=True):
        setattr(o, attname, Value(value))
    try:
        yield
    finally:
        for o, value in zip(objects, values, strict=True):
            setattr(o, attname, value)


def _revisions(pages: list[Page], user, now, *, publish: bool) -> dict[int, Revision]:
    """One revision per page, with the content ``save_revision`` would store, and the
    pages pointed at them (and at it as the live one when published)."""
    base_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type_id=page.content_type_id,
            base_content_type=base_type,
            object_id=str(page.pk),
            user=user,
            content=_as_drafted(page),
            object_str=str(page),
            created_at=now,
        )
        for page in pages
    ]
    with _as_values(revisions, "object_id"):
        Revision.objects.bulk_create(revisions)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision_id = revision.pk
        if publish:
            page.live_revision_id = revision.pk
    # One statement for the batch: each page's only revision is its latest.
    latest = Subquery(
        Revision.objects.filter(
            base_content_type=base_type, object_id=Cast(OuterRef("pk"), CharField())
        ).values("pk")[:1]
    )
    links = {"latest_revision": latest, **({"live_revision": latest} if publish else {})}
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(**links)
    return {page.pk: revision for page, revision in zip(pages, revisions, strict=True)}


def _references(pages: list[Page]) -> None:
    """The reference index rows of new pages, in one insert: what
    ``ReferenceIndex.create_or_update_for_object`` writes for a page with none yet."""
    rows = []
    for page in pages:
        types = [
            ContentType.objects.get_for_model(model, for_concrete_model=False)
            for model in [page, *page._meta.get_parent_list()]
        ]
        for to_type, to_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        ):
            rows.append(
                ReferenceIndex(
                    content_type=types[0],
                    base_content_type=types[-1],
                    object_id=page.pk,
                    to_content_type_id=to_type,
                    to_object_id=to_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    ReferenceIndex.objects.bulk_create(rows)


def _number(policies: list[PolicyPage]) -> None:
    """Index numbers in file order, the serials of each agency's year taken as one block."""
    groups = defaultdict(list)
    for policy in policies:
        if not policy.index_number:
            groups[(policy.agency_id, policy.issued_on.year)].append(policy)
    for (_agency_id, year), group in groups.items():
        serials = reserve_serials(group[0].agency, year, len(group))
        for policy, serial in zip(group, serials, strict=True):
            policy.index_number = format_index_number(policy.agency, policy.issued_on, serial)


def _log(pages, revisions, user, now, *, publish: bool) -> None:
    """The log entries the one-by-one path writes: the page's creation, its revision's,
    then its publication's."""
    actions = ["wagtail.create", "wagtail.edit"] + (["wagtail.publish"] if publish else [])
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type_id=page.content_type_id,
            label=page.get_admin_display_title(),
            action=action,
            timestamp=now,
            data={},
            user=user,
            revision=None if action == "wagtail.create" else revisions[page.pk],
            content_changed=True,
            page_id=page.pk,
        )
        for page in pages
        for action in actions
    )


def _admin_search(model, ids: list[int]) -> None:
    # After the commit, in the worker where there is one, as Wagtail does for a save.
    if ids and any(get_search_backends(with_auto_update=True)):
        update_admin_search.delay(model._meta.label, ids)


def _published(page: Page, revision: Revision) -> None:
    # What PublishPageRevisionAction announces, so receivers act as on any publication.
    page_published.send(sender=type(page), instance=page, revision=revision)
    published.send(sender=type(page), instance=page, revision=revision)
