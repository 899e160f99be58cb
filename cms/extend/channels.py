"""Publication channels: how a plugin reaches subscribers outside the site
(docs/plugins.md, Channels and the delivery guarantees).

A plugin subclasses ``Channel`` and returns instances from the ``register_channels`` hook;
``cms.delivery.outbox`` asks each channel for its recipients and sends every delivery, with
retries. This module is the contract alone, so the hook specifications can name it
without importing the outbox.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cms.models import OutboxEvent


class DeliveryError(Exception):
    """A channel could not deliver; the message is what the delivery log shows."""


class Channel:
    """A way to reach subscribers outside the site, registered by a plugin.

    Subclass it, set ``name`` (stable: it is stored on every delivery) and ``label``, and
    return an instance from the ``register_channels`` hook.
    """

    name: str = ""
    label: str = ""

    def recipients(self, event: OutboxEvent) -> Iterable[tuple[str, str]]:
        """Who should receive ``event``: (stable key, label for the admin) pairs."""
        raise NotImplementedError

    def send(self, event: OutboxEvent, recipient: str, idempotency_key: str) -> str:
        """Deliver ``event`` to one recipient; return a short note for the log (for
        instance "HTTP 200"). Raise ``DeliveryError`` (or anything) when it failed."""
        raise NotImplementedError

    @staticmethod
    def topics(event: OutboxEvent) -> set[str]:
        """The topics of the event's policy, for channels whose recipients pick topics."""
        return set(event.payload.get("policy", {}).get("topics", []))
