"""The core's models: agencies and divisions, the home page and policy libraries, the
policy page, bundle records and the review step, the outbox, index numbers, the calendar's
declared days, the publication stamp, import checkpoints, attachment text and the Word
templates administrators edit, the annual disclosure report and its column, the site's identity
setting, the website annual report and its column, the daily visit aggregates, the
serious-error check's list and log."""

from cms.models.agencies import Agency, Division
from cms.models.annual_reports import (
    AnnualReportApprovalTask,
    AnnualReportIndexPage,
    AnnualReportPage,
)
from cms.models.bundles import InterpretationExemption, Submission
from cms.models.calendar import CalendarDay
from cms.models.disclosure_guide import DisclosureGuidePage
from cms.models.documents import DocumentText
from cms.models.home import HomePage, PolicyLibraryPage
from cms.models.imports import ImportCheckpoint
from cms.models.index_numbers import IndexNumberSequence
from cms.models.inspection import (
    BrokenInternalLink,
    InternalLinkPatrol,
    SeriousErrorScan,
    VetoAlert,
)
from cms.models.outbox import Delivery, OutboxEvent
from cms.models.pending_index import PendingIndex
from cms.models.policy import PolicyAttachment, PolicyPage, PolicyPageTopic
from cms.models.review import BundleApprovalTask, BundleTaskState
from cms.models.serious_errors import SeriousErrorEntry, SeriousErrorFinding
from cms.models.site_identity import SiteIdentity
from cms.models.stamps import PublicationStamp
from cms.models.visits import DailyVisits
from cms.models.website_reports import WebsiteReportIndexPage, WebsiteReportPage
from cms.models.word_templates import WordTemplate

__all__ = [
    "Agency",
    "AnnualReportApprovalTask",
    "AnnualReportIndexPage",
    "AnnualReportPage",
    "BrokenInternalLink",
    "BundleApprovalTask",
    "BundleTaskState",
    "CalendarDay",
    "DailyVisits",
    "Delivery",
    "DisclosureGuidePage",
    "Division",
    "DocumentText",
    "HomePage",
    "ImportCheckpoint",
    "IndexNumberSequence",
    "InternalLinkPatrol",
    "InterpretationExemption",
    "OutboxEvent",
    "PendingIndex",
    "PolicyAttachment",
    "PolicyLibraryPage",
    "PolicyPage",
    "PolicyPageTopic",
    "PublicationStamp",
    "SeriousErrorEntry",
    "SeriousErrorFinding",
    "SeriousErrorScan",
    "SiteIdentity",
    "Submission",
    "VetoAlert",
    "WebsiteReportIndexPage",
    "WebsiteReportPage",
    "WordTemplate",
]
