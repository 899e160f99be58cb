"""What the public sees of the board: published messages with their approved replies, the
asker's own view through the tracking code, and the FAQ. The contact never leaves the
admin; names are shortened, and personal data in texts is masked."""

from __future__ import annotations

from django.db.models import FilteredRelation, Max, Q
from django.utils.translation import pgettext_lazy

from cms.plugin_api import (
    PolicyPage,
    is_public_policy,
    kept_for_stamp,
    mask_personal_data,
    public_policies,
)
from plugins.messageboard.models import PUBLIC, FaqEntry, Message, Reply


def published_messages(policy_id: int | None = None, stamp: tuple[int, int] | None = None):
    """Public messages, newest first (``policy_id`` narrows to one policy's); read a page
    of them with ``page_items``. ``stamp``: the request's publication stamp, when a page
    asks."""
    messages = Message.objects.filter(PUBLIC).order_by("-published_at", "-pk")
    if policy_id is not None:
        if not is_public_policy(policy_id, stamp=stamp):
            return messages.none()
        return messages.filter(policy_id=policy_id)
    # A policy withdrawn or no longer proactively disclosed takes its messages with it
    # (bundle rule 7, docs/architecture.md#bundle-rules), and brings them back when it
    # returns: the rule every public list uses.
    off_site = off_site_policies(stamp=stamp)
    return messages.exclude(policy_id__in=off_site) if off_site else messages


@kept_for_stamp
def off_site_policies() -> frozenset[int]:
    """The policies with a public message that the public may not see (withdrawn, no longer
    proactively disclosed, restricted). Kept per publication stamp, which each of those
    changes moves: the lists then read the messages alone, at a cost that follows the
    page, not the library (rather than matching every message against every public
    policy)."""
    asked = Message.objects.filter(PUBLIC, policy__isnull=False).values_list("policy_id")
    asked = asked.distinct().order_by()
    on_site = public_policies().filter(pk__in=asked).values_list("pk", flat=True)
    return frozenset(pk for (pk,) in asked) - frozenset(on_site)


@kept_for_stamp
def message_count(policy_id: int | None = None) -> int:
    """How many messages ``published_messages`` lists, kept per publication stamp (every
    list page of the board, at any depth, shows it)."""
    return published_messages(policy_id).count()


MESSAGE_FIELDS = ("id", "category", "subject", "body", "name", "received_at", "published_at")
REPLY_FIELDS = ("approved__text", "approved__division__name", "approved__approved_at")
APPROVED = Reply.State.APPROVED


def page_items(messages, start: int, stop: int) -> list[dict]:
    """Items ``start:stop`` of a list from ``published_messages`` as the public sees them,
    each with its approved replies.

    One query whatever the depth: the page's ids are picked from the index alone (a deep
    page costs little more than the first), then only their rows are read, with their
    approved replies joined, as values (model instances cost several times more).
    """
    page = messages.values("pk")[start:stop]
    rows = (
        Message.objects.filter(pk__in=page)
        .annotate(approved=FilteredRelation("replies", condition=Q(replies__state=APPROVED)))
        .order_by("-published_at", "-pk", "approved__created_at", "approved__pk")
        .values(*MESSAGE_FIELDS, "policy_id", *REPLY_FIELDS)
    )
    items: dict[int, dict] = {}
    for row in rows:
        item = items.get(row["id"])
        if item is None:
            item = items[row["id"]] = _item(row)
        if row["approved__text"] is not None:
            item["replies"].append(
                {
                    "text": mask_personal_data(row["approved__text"]),
                    "division": row["approved__division__name"],
                    "published_at": row["approved__approved_at"],
                }
            )
    # Usually one policy (or none) on a page: each is looked up once.
    policies = {item["policy"] for item in items.values()} - {None}
    refs = {policy_id: policy_ref(policy_id) for policy_id in policies}
    for item in items.values():
        item["policy"] = refs.get(item["policy"])
    return list(items.values())


@kept_for_stamp
def policy_ref(policy_id: int) -> dict | None:
    """The policy as a message names it (id, title, URL); kept while nothing is published."""
    page = PolicyPage.objects.filter(pk=policy_id).only("id", "title", "url_path").first()
    return {"id": page.pk, "title": page.title, "url": page.url} if page else None


_CATEGORIES = dict(Message.Category.choices)


def _item(row: dict) -> dict:
    return {
        "id": row["id"],
        "category": row["category"],
        "category_label": str(_CATEGORIES.get(row["category"], row["category"])),
        "subject": mask_personal_data(row["subject"]),
        "body": mask_personal_data(row["body"]),
        "asker": asker(row["name"]),
        "received_at": row["received_at"],
        "published_at": row["published_at"],
        "policy": row["policy_id"],  # replaced by the policy's reference in page_items
        "replies": [],
    }


class Pages:
    """A public list as Django's ``Paginator`` reads it, each page through ``page_items``."""

    def __init__(self, messages, count: int | None = None):
        self.messages, self._count = messages, count

    def count(self) -> int:
        if self._count is None:
            self._count = self.messages.count()
        return self._count

    def __getitem__(self, window: slice) -> list[dict]:
        return page_items(self.messages, window.start, window.stop)


def asker(name: str) -> str:
    """The asker as the public sees them: the first character, then stars (张**)."""
    name = (name or "").strip()
    return f"{name[:1]}{'*' * min(max(len(name) - 1, 1), 3)}" if name else ""


def reply_item(reply: Reply) -> dict:
    return {
        "text": mask_personal_data(reply.text),
        "division": reply.division.name,
        "published_at": reply.approved_at,
    }


OFF_SITE_LABEL = pgettext_lazy(
    "message state", "Replied; the policy it concerns is no longer on the website"
)


def tracked_message(code) -> Message | None:
    """The message with this tracking code; one answer (None) for every code that finds
    none, malformed or unknown alike."""
    code = str(code or "").strip().upper()[:32]
    return Message.objects.filter(tracking_code=code).first() if code else None


def track_item(message: Message) -> dict:
    """The asker's view: where the message stands, why it was rejected, or the reply.

    A published message whose policy was withdrawn or is no longer proactively disclosed
    has left every public list (``published_messages``): the asker is told so
    (``public`` false), and the policy is never named."""
    published = message.state == Message.State.PUBLISHED
    on_site = published and (message.policy_id is None or is_public_policy(message.policy_id))
    replies = message.published_replies().select_related("division") if published else []
    shown = {
        Message.State.ACCEPTED: Message.State.ACCEPTED,
        Message.State.ASSIGNED: Message.State.ACCEPTED,
        Message.State.ANSWERED: Message.State.ACCEPTED,
        Message.State.SPAM: Message.State.REJECTED,  # a spammer learns nothing more
    }.get(message.state, message.state)
    return {
        "tracking_code": message.tracking_code,
        # Masked here too: a tracking code can be passed on, and masking errs on the safe
        # side (docs/domain.md §8).
        "subject": mask_personal_data(message.subject),
        "body": mask_personal_data(message.body),
        "state": shown,
        "state_label": str(
            OFF_SITE_LABEL if published and not on_site else Message.State(shown).label
        ),
        "public": on_site,
        "received_at": message.received_at,
        "due_on": message.due_on if shown == Message.State.ACCEPTED else None,
        "reject_reason": (
            str(Message.RejectReason(message.reject_reason).label)
            if message.state == Message.State.REJECTED and message.reject_reason
            else ""
        ),
        "reject_note": message.reject_note if message.state == Message.State.REJECTED else "",
        "replies": [reply_item(reply) for reply in replies],
        "rating": message.rating,
        "can_rate": published and not message.rating,
    }


@kept_for_stamp
def policies_on_board() -> tuple[frozenset[int], frozenset[int]]:
    """(the policies with a published message, those with a published FAQ entry), kept per
    publication stamp (publishing a message or changing the FAQ moves it): under most
    policies the board has nothing to show, and reads nothing to say so."""
    asked = Message.objects.filter(PUBLIC, policy__isnull=False).values_list("policy_id")
    answered = FaqEntry.objects.filter(published=True).values_list("policy_id")
    return (
        frozenset(pk for (pk,) in asked.distinct().order_by()),
        frozenset(pk for (pk,) in answered.distinct().order_by()),
    )


def faq_items(policy_id: int) -> list[dict]:
    return faq_items_of([policy_id])[policy_id]


def faq_items_of(policy_ids) -> dict[int, list[dict]]:
    """Policy id → ``faq_items`` of each of the policies, in one query (the index asks a
    batch at a time)."""
    items: dict[int, list[dict]] = {pk: [] for pk in policy_ids}
    # In the entries' order (their Meta's), which grouping by policy keeps.
    for e in FaqEntry.objects.filter(policy_id__in=list(items), published=True):
        items[e.policy_id].append(
            {"question": mask_personal_data(e.question), "answer": mask_personal_data(e.answer)}
        )
    return items


def last_published():
    """When the newest public message was published (None: none is)."""
    return published_messages().aggregate(latest=Max("published_at"))["latest"]
