from .agencies import Agency, Division
from .bundles import InterpretationExemption, Submission
from .calendar import CalendarDay
from .documents import DocumentText
from .home import HomePage, PolicyLibraryPage
from .imports import ImportCheckpoint
from .index_numbers import IndexNumberSequence
from .outbox import Delivery, OutboxEvent
from .pending_index import PendingIndex
from .policy import PolicyAttachment, PolicyPage, PolicyPageTopic
from .review import BundleApprovalTask, BundleTaskState
from .stamps import PublicationStamp

__all__ = [
    "Agency",
    "BundleApprovalTask",
    "BundleTaskState",
    "CalendarDay",
    "Delivery",
    "Division",
    "DocumentText",
    "HomePage",
    "ImportCheckpoint",
    "IndexNumberSequence",
    "InterpretationExemption",
    "OutboxEvent",
    "PendingIndex",
    "PolicyAttachment",
    "PolicyLibraryPage",
    "PolicyPage",
    "PolicyPageTopic",
    "PublicationStamp",
    "Submission",
]
