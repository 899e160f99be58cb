"""Handling statistics per division and month (for the report and its exports)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from cms.plugin_api import Calendar
from plugins.messageboard.models import Message

REJECTED = {Message.State.REJECTED, Message.State.SPAM}
CONTENT = {Message.Rating.SATISFIED, Message.Rating.FAIRLY}


@dataclass
class StatRow:
    month: str
    division: str
    received: int = 0
    accepted: int = 0
    rejected: int = 0
    replied: int = 0
    on_time: int = 0
    rated: int = 0
    content: int = 0
    reply_days: list[int] = field(default_factory=list)

    @property
    def on_time_percent(self) -> str:
        return f"{100 * self.on_time / self.replied:.0f}%" if self.replied else "—"

    @property
    def mean_reply_days(self) -> str:
        return f"{sum(self.reply_days) / len(self.reply_days):.1f}" if self.reply_days else "—"

    @property
    def satisfaction(self) -> str:
        return f"{100 * self.content / self.rated:.0f}%" if self.rated else "—"


def monthly(year: int) -> list[StatRow]:
    """One row per division and month of receipt in ``year``, newest month first."""
    calendar = Calendar()
    rows: dict[tuple[str, str], StatRow] = {}
    messages = Message.objects.filter(received_at__year=year).select_related("division")
    for message in messages.iterator(chunk_size=2000):
        month = timezone.localtime(message.received_at).strftime("%Y-%m")
        division = message.division.name if message.division else _("Not assigned")
        row = rows.setdefault((month, division), StatRow(month, division))
        row.received += 1
        row.accepted += message.accepted_on is not None
        row.rejected += message.state in REJECTED
        if message.answered_at and message.accepted_on:
            answered = timezone.localtime(message.answered_at).date()
            row.replied += 1
            row.on_time += bool(message.due_on and answered <= message.due_on)
            row.reply_days.append(calendar.between(message.accepted_on, answered))
        if message.rating:
            row.rated += 1
            row.content += message.rating in CONTENT
    return sorted(rows.values(), key=lambda r: (r.month, r.division), reverse=True)
