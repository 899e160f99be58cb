"""The FAQ (常见问题与解答): replies promoted by a moderator, and the clusters of similar
published questions that suggest what to promote next."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.plugin_api import PublicationStamp, normalize
from plugins.messageboard.models import FaqEntry, Message
from search.indexing import schedule

# Two questions are alike when this share of their character pairs is common (Jaccard).
SIMILARITY = 0.3
# The questions compared per policy: the latest ones (clustering is quadratic).
WINDOW = 500


class FaqError(Exception):
    pass


def faq_changed(policy_id: int | None) -> None:
    """After the FAQ of a policy changed: cached API answers move on, the index follows."""
    PublicationStamp.bump()
    if policy_id:
        schedule(policy_id)


@transaction.atomic
def promote(message: Message, user) -> FaqEntry:
    """A published message and its approved reply become a new FAQ entry of its policy."""
    if message.state != Message.State.PUBLISHED:
        raise FaqError(_("Only a published message with its reply can become an FAQ entry."))
    reply = message.published_replies().last()
    entry = FaqEntry.objects.create(
        policy_id=message.policy_id,
        question=message.subject[:300],
        answer=reply.text if reply else "",
        sort_order=FaqEntry.objects.filter(policy_id=message.policy_id).count(),
    )
    entry.messages.add(message)
    log(instance=message, action="messageboard.faq", user=user, data={"faq": entry.pk})
    return entry


def _pairs(text: str) -> frozenset[str]:
    """The character pairs of the text as search normalizes it (traditional = simplified)."""
    chars = [c for c in normalize(text) if c.isalnum()]
    return frozenset(a + b for a, b in pairwise(chars)) or frozenset(chars)


def similarity(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass
class Candidate:
    """Published questions that look alike: a candidate for one FAQ entry."""

    messages: list[Message]

    @property
    def size(self) -> int:
        return len(self.messages)

    @property
    def question(self) -> str:
        return self.messages[0].subject


def candidates(policy_id: int, *, minimum: int = 2) -> list[Candidate]:
    """Clusters of similar published questions of a policy not yet in its FAQ, largest
    first (single linkage over Jaccard similarity of character pairs)."""
    messages = list(
        Message.objects.filter(policy_id=policy_id, state=Message.State.PUBLISHED)
        .exclude(faq_entries__isnull=False)
        .order_by("-published_at")[:WINDOW]
    )
    pairs = [_pairs(f"{m.subject} {m.body}") for m in messages]
    parent = list(range(len(messages)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(messages)):
        for j in range(i + 1, len(messages)):
            if similarity(pairs[i], pairs[j]) >= SIMILARITY:
                parent[root(i)] = root(j)
    clusters: dict[int, list[Message]] = {}
    for i, message in enumerate(messages):
        clusters.setdefault(root(i), []).append(message)
    found = [Candidate(group) for group in clusters.values() if len(group) >= minimum]
    return sorted(found, key=lambda c: (-c.size, -c.messages[0].pk))
