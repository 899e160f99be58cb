from .agencies import Agency, Division
from .bundles import InterpretationExemption, Submission
from .home import HomePage, PolicyLibraryPage
from .index_numbers import IndexNumberSequence
from .policy import PolicyAttachment, PolicyPage, PolicyPageTopic
from .review import BundleApprovalTask, BundleTaskState

__all__ = [
    "Agency",
    "BundleApprovalTask",
    "BundleTaskState",
    "Division",
    "HomePage",
    "IndexNumberSequence",
    "InterpretationExemption",
    "PolicyAttachment",
    "PolicyLibraryPage",
    "PolicyPage",
    "PolicyPageTopic",
    "Submission",
]
