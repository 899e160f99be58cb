"""The disclosure requests' records: the request, the steps that pause or restart its
clock, its reply letter, its attachments, and appeals against it.

How a request moves from state to state is not here: ``states.py`` holds every transition.
"""

from plugins.disclosure_requests.models.appeals import Appeal
from plugins.disclosure_requests.models.requests import DisclosureRequest, new_tracking_code
from plugins.disclosure_requests.models.steps import (
    Attachment,
    ClockPause,
    FeeNotice,
    ReplyLetter,
    Supplement,
)

__all__ = [
    "Appeal",
    "Attachment",
    "ClockPause",
    "DisclosureRequest",
    "FeeNotice",
    "ReplyLetter",
    "Supplement",
    "new_tracking_code",
]
