"""The consultations' records: the consultation page and its clauses, the public's
comments, and the dispositions and feedback that answer them.

Outside code imports from here, not from the submodules.
"""

from plugins.consultation.models.comments import Comment, comment_numbers, new_tracking_code
from plugins.consultation.models.dispositions import Disposition, Feedback
from plugins.consultation.models.pages import (
    Clause,
    ConsultationIndexPage,
    ConsultationPage,
    Kind,
    Phase,
    public_consultations,
)
from plugins.consultation.models.review import ConsultationApprovalTask

__all__ = [
    "Clause",
    "Comment",
    "ConsultationApprovalTask",
    "ConsultationIndexPage",
    "ConsultationPage",
    "Disposition",
    "Feedback",
    "Kind",
    "Phase",
    "comment_numbers",
    "new_tracking_code",
    "public_consultations",
]
