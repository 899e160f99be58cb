"""What the public sees of the board: published messages with their approved replies, the
asker's own view through the tracking code, and the FAQ. The contact never leaves the
admin; names are shortened, and personal data in texts is masked."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import FaqEntry, Message, Reply
from .protection import mask_personal_data


def published_messages(policy_id: int | None = None):
    """Public messages, newest first, each with its approved replies in one query."""
    replies = Reply.objects.filter(state=Reply.State.APPROVED).select_related("division")
    # Once published, a message stays public (with its approved replies) until hidden,
    # also while a reopened one waits for its second reply.
    messages = (
        Message.objects.filter(published_at__isnull=False)
        .exclude(state=Message.State.HIDDEN)
        .select_related("policy")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="public_replies"))
        .only(
            "id",
            "subject",
            "body",
            "category",
            "name",
            "received_at",
            "published_at",
            "policy__id",
            "policy__title",
            "policy__url_path",
            "rating",
        )
        .order_by("-published_at", "-pk")
    )
    if policy_id is not None:
        messages = messages.filter(policy_id=policy_id)
    return messages


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


def message_item(message: Message, urls: dict | None = None) -> dict:
    """A published message as the public sees it; ``urls`` caches policy URLs by id
    across the items of one list."""
    policy = message.policy
    if policy is not None:
        urls = {} if urls is None else urls
        if policy.pk not in urls:
            urls[policy.pk] = policy.url
    return {
        "id": message.pk,
        "category": message.category,
        "category_label": message.get_category_display(),
        "subject": mask_personal_data(message.subject),
        "body": mask_personal_data(message.body),
        "asker": asker(message.name),
        "received_at": message.received_at,
        "published_at": message.published_at,
        "policy": (
            {"id": policy.pk, "title": policy.title, "url": urls[policy.pk]} if policy else None
        ),
        "replies": [reply_item(reply) for reply in getattr(message, "public_replies", [])],
    }


def track_item(message: Message) -> dict:
    """The asker's view: where the message stands, why it was rejected, or the reply."""
    published = message.state == Message.State.PUBLISHED
    replies = message.published_replies().select_related("division") if published else []
    shown = {
        Message.State.ACCEPTED: Message.State.ACCEPTED,
        Message.State.ASSIGNED: Message.State.ACCEPTED,
        Message.State.ANSWERED: Message.State.ACCEPTED,
        Message.State.SPAM: Message.State.REJECTED,  # a spammer learns nothing more
    }.get(message.state, message.state)
    return {
        "tracking_code": message.tracking_code,
        "subject": message.subject,
        "state": shown,
        "state_label": str(Message.State(shown).label),
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


def faq_items(policy_id: int) -> list[dict]:
    entries = FaqEntry.objects.filter(policy_id=policy_id, published=True)
    return [
        {"question": mask_personal_data(e.question), "answer": mask_personal_data(e.answer)}
        for e in entries
    ]
