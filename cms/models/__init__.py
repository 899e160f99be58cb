from .agencies import Agency, Division
from .home import HomePage, PolicyLibraryPage
from .index_numbers import IndexNumberSequence
from .policy import PolicyAttachment, PolicyPage, PolicyPageTopic

__all__ = [
    "Agency",
    "Division",
    "HomePage",
    "IndexNumberSequence",
    "PolicyAttachment",
    "PolicyLibraryPage",
    "PolicyPage",
    "PolicyPageTopic",
]
