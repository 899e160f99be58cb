"""The disclosure requests in Wagtail's admin: the audit log's actions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from plugins.disclosure_requests.states import ACTION_LABELS

# Every transition's audit entry: its label, and the message the history shows.
LOG_MESSAGES = {
    "confirm": _("Receipt confirmed; the reply clock starts"),
    "discard": _("Marked as not an application"),
    "merge": _("Merged into another request"),
    "ask_supplement": _("Supplement asked for"),
    "supplied": _("Supplement received; the reply clock starts again"),
    "abandon": _("Not supplemented in time; deemed abandoned"),
    "assign": _("Assigned to a division"),
    "reassign": _("Assigned to another division"),
    "consult": _("Third party consulted; the clock is paused"),
    "consulted": _("Third party's opinion recorded; the clock runs again"),
    "notify_fee": _("Fee notice sent; the clock is paused"),
    "fee_paid": _("Fee paid; the clock runs again"),
    "fee_unpaid": _("Fee not paid in time; no longer processed"),
    "extend": _("Deadline extended"),
    "draft": _("Reply drafted by the division"),
    "return_reply": _("Reply returned to the division"),
    "review": _("Reply passed the legality review"),
    "approve": _("Reply approved by the head of the office"),
    "send": _("Reply served; request closed"),
    "withdraw": _("Withdrawn by the applicant"),
    "remind": _("Reminded of the deadline"),
    "escalate": _("Overdue request escalated"),
    "anonymise": _("Personal data erased after the retention period"),
    "export": _("Applicant's data exported"),
}


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, message in LOG_MESSAGES.items():
        label = ACTION_LABELS.get(action, message)
        actions.register_action(f"disclosure_requests.{action}", label, message)
