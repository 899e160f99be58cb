"""The reply letter (答复告知书) as a Word file, from a template administrators may edit
(the core's hook ``word_templates``; Settings → Word 模板).

The letter is rendered once, when the head of the office approves it (``states.approve``
calls ``issue``), and kept in the private storage: the letter served is that file, read
back by the office, the division and, once served, the applicant. A template that cannot
be rendered raises ``WordTemplateError`` with its Chinese message, and the approval with
it is refused.

The default template is ``letters/reply.docx``, written once with python-docx and
docxtpl's placeholders (its fields are ``FIELDS``).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.plugin_api import WordTemplateSpec, render_word, today
from plugins.disclosure_requests import conf, outcomes
from plugins.disclosure_requests.models import Attachment, ReplyLetter
from plugins.disclosure_requests.outcomes import Group, Outcome

KEY = "disclosure_requests.reply"
DEFAULT = Path(__file__).parent / "letters" / "reply.docx"

# The placeholders a template may use, with their meaning for the administrator.
FIELDS = [
    ("agency_name", gettext_lazy("the agency's name")),
    ("number", gettext_lazy("the letter's number, e.g. 统计局依申复〔2026〕第12号")),
    ("reference", gettext_lazy("the request's reference")),
    ("applicant_name", gettext_lazy("the applicant's name")),
    ("submitted_on", gettext_lazy("the day the request was submitted")),
    ("received_on", gettext_lazy("the day the agency received it")),
    ("information", gettext_lazy("the information sought")),
    ("doc_number", gettext_lazy("the document number sought")),
    ("text", gettext_lazy("the decision: the text of the reply")),
    ("paragraphs", gettext_lazy("the text of the reply, paragraph by paragraph")),
    ("outcome", gettext_lazy("the outcome, as the annual report names it")),
    ("outcome_group", gettext_lazy("the outcome's heading in the annual report")),
    ("article", gettext_lazy("the article of the regulation the decision rests on")),
    ("withheld", gettext_lazy("true when information is withheld (不予公开, 部分公开)")),
    ("ground", gettext_lazy("for information withheld: the ground")),
    ("reason", gettext_lazy("the reason given")),
    ("responsible_agency", gettext_lazy("the agency that holds the information")),
    ("responsible_contact", gettext_lazy("that agency's contact")),
    ("supplement_asked_on", gettext_lazy("the day a supplement was asked (empty: none)")),
    ("supplement_received_on", gettext_lazy("the day the supplement arrived")),
    ("fee_amount", gettext_lazy("the fee charged, in yuan (empty: none)")),
    ("fee_paid_on", gettext_lazy("the day the fee was paid")),
    ("provided_files", gettext_lazy("the names of the files of information provided")),
    ("remedy", gettext_lazy("the notice of administrative review and litigation")),
    ("date", gettext_lazy("the day of the letter (its approval)")),
]


def spec() -> WordTemplateSpec:
    """The reply letter's registration (hooks.word_templates)."""
    return WordTemplateSpec(
        KEY, gettext_lazy("Reply to a disclosure request"), DEFAULT, fields_help=FIELDS
    )


def _day(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def context(letter: ReplyLetter) -> dict:
    """What the template is filled with: the request's facts, the decision and its
    article, the ground or the responsible agency where the outcome has one, the remedy
    notice and the date."""
    request = letter.request
    outcome = letter.outcome
    group = outcomes.group_of(outcome)
    withheld = group in (Group.WITHHELD, Group.PARTLY)
    article = outcomes.article_of(outcome)
    approved = timezone.localdate(letter.approved_at) if letter.approved_at else today()
    supplement = getattr(request, "supplement", None)
    fee = getattr(request, "fee", None)
    return {
        "agency_name": request.agency.name,
        "number": letter.number,
        "reference": request.reference,
        "applicant_name": request.name,
        "submitted_on": _day(timezone.localdate(request.submitted_at)),
        "received_on": _day(request.received_on),
        "information": request.information,
        "doc_number": request.doc_number,
        "text": letter.text,
        "paragraphs": [line.strip() for line in letter.text.splitlines() if line.strip()],
        "outcome": Outcome(outcome).label,
        "outcome_group": Group(group).label,
        "article": _(
            "Article %(article)s of the Regulations on the Disclosure of Government Information"
        )
        % {"article": article}
        if article
        else "",
        "withheld": withheld,
        "ground": Outcome(outcome).label if group == Group.WITHHELD else "",
        "reason": letter.reason,
        "responsible_agency": letter.responsible_agency,
        "responsible_contact": letter.responsible_contact,
        "supplement_asked_on": _day(supplement.asked_on) if supplement else "",
        "supplement_received_on": _day(supplement.answered_on) if supplement else "",
        "fee_amount": str(fee.amount) if fee else "",
        "fee_paid_on": _day(fee.paid_on) if fee else "",
        "provided_files": [
            attachment.name
            for attachment in request.attachments.filter(kind=Attachment.Kind.PROVIDED)
        ],
        "remedy": remedy(),
        "date": _day(approved),
    }


def remedy() -> str:
    """The notice of administrative review and litigation, naming the review body
    (DISCLOSURE_REVIEW_BODY) and the court (DISCLOSURE_COURT) when they are set."""
    body = str(conf.get("DISCLOSURE_REVIEW_BODY") or "").strip()
    court = str(conf.get("DISCLOSURE_COURT") or "").strip()
    review = (
        _("apply to %(body)s for administrative review") % {"body": body}
        if body
        else _("apply for administrative review")
    )
    lawsuit = (
        _("bring an administrative lawsuit before %(court)s") % {"court": court}
        if court
        else _("bring an administrative lawsuit before a people's court")
    )
    return _(
        "If you disagree with this reply, you may %(review)s within 60 days of receiving "
        "this letter, or %(lawsuit)s within 6 months."
    ) % {"review": review, "lawsuit": lawsuit}


def render(letter: ReplyLetter) -> bytes:
    """The letter's Word file, in the site's language whoever triggers it; raises
    ``WordTemplateError`` when the template in force cannot be rendered."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_word(KEY, context(letter))


def issue(letter: ReplyLetter) -> None:
    """Render the approved letter and keep it as the one served (private storage)."""
    data = render(letter)
    if letter.file:
        letter.file.delete(save=False)
    letter.file.save(f"reply-{letter.year}-{letter.serial}.docx", ContentFile(data), save=False)
    letter.save(update_fields=["file"])
