"""Reply outcomes exactly as the annual report counts them (国办公开办函〔2021〕30号,
section 三 row 三), with the article each rests on (docs/domain.md §7).

One table serves the reply form, the letter, the statistics and the API: the order here is
the report's order, and ``group`` is the report's sub-heading ((一) … (六)).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Outcome(models.TextChoices):
    DISCLOSED = "disclosed", _("Disclosed")
    PARTLY = "partly", _("Partly disclosed")
    WITHHELD_SECRET = "withheld_secret", _("State secret")
    WITHHELD_LAW = "withheld_law", _("Prohibited by other laws and administrative regulations")
    WITHHELD_SECURITY = "withheld_security", _("Endangers the “three securities and one stability”")
    WITHHELD_THIRD_PARTY = "withheld_third_party", _("Protects the lawful rights of a third party")
    WITHHELD_INTERNAL = "withheld_internal", _("Internal affairs information (three kinds)")
    WITHHELD_PROCESS = "withheld_process", _("Process information (four kinds)")
    WITHHELD_ENFORCEMENT = "withheld_enforcement", _("Administrative enforcement case files")
    WITHHELD_QUERY = "withheld_query", _("Administrative inquiry matters")
    UNAVAILABLE_NOT_HELD = "unavailable_not_held", _("The agency does not hold the information")
    UNAVAILABLE_NOT_MADE = (
        "unavailable_not_made",
        _("No ready information; it would have to be made"),
    )
    UNAVAILABLE_UNCLEAR = "unavailable_unclear", _("Still unclear after the supplement")
    NOT_PROCESSED_PETITION = "not_processed_petition", _("Petitions, reports and complaints")
    NOT_PROCESSED_REPEAT = "not_processed_repeat", _("Repeated application")
    NOT_PROCESSED_PUBLICATION = "not_processed_publication", _("Asks for public publications")
    NOT_PROCESSED_MASS = "not_processed_mass", _("Many repeated applications without good reason")
    NOT_PROCESSED_CONFIRM = (
        "not_processed_confirm",
        _("Asks the agency to confirm or reissue information already obtained"),
    )
    OTHER_UNSUPPLEMENTED = (
        "other_unsupplemented",
        _(
            "The applicant did not supplement in time without good reason; the agency no longer "
            "processes the application"
        ),
    )
    OTHER_UNPAID = (
        "other_unpaid",
        _(
            "The applicant did not pay the fee notice in time; the agency no longer processes "
            "the application"
        ),
    )
    OTHER = "other", pgettext_lazy("reply outcome", "Other")


class Group(models.TextChoices):
    """The report's sub-headings of row 三 (本年度办理结果)."""

    DISCLOSED = "disclosed", _("(1) Disclosed")
    PARTLY = "partly", _("(2) Partly disclosed (only this case is counted when separated)")
    WITHHELD = "withheld", _("(3) Not disclosed")
    UNAVAILABLE = "unavailable", _("(4) Cannot be provided")
    NOT_PROCESSED = "not_processed", _("(5) Not processed")
    OTHER = "other", _("(6) Other handling")


@dataclass(frozen=True)
class Rule:
    group: str
    article: str  # the article of the 2019 regulation the decision rests on


RULES: dict[str, Rule] = {
    Outcome.DISCLOSED: Rule(Group.DISCLOSED, "第三十六条第（一）项、第（二）项"),
    Outcome.PARTLY: Rule(Group.PARTLY, "第三十七条"),
    Outcome.WITHHELD_SECRET: Rule(Group.WITHHELD, "第十四条"),
    Outcome.WITHHELD_LAW: Rule(Group.WITHHELD, "第十四条"),
    Outcome.WITHHELD_SECURITY: Rule(Group.WITHHELD, "第十四条"),
    Outcome.WITHHELD_THIRD_PARTY: Rule(Group.WITHHELD, "第十五条"),
    Outcome.WITHHELD_INTERNAL: Rule(Group.WITHHELD, "第十六条第一款"),
    Outcome.WITHHELD_PROCESS: Rule(Group.WITHHELD, "第十六条第二款"),
    Outcome.WITHHELD_ENFORCEMENT: Rule(Group.WITHHELD, "第十六条第二款"),
    Outcome.WITHHELD_QUERY: Rule(Group.WITHHELD, "第三十六条第（七）项"),
    Outcome.UNAVAILABLE_NOT_HELD: Rule(Group.UNAVAILABLE, "第三十六条第（四）项、第（五）项"),
    Outcome.UNAVAILABLE_NOT_MADE: Rule(Group.UNAVAILABLE, "第三十八条"),
    Outcome.UNAVAILABLE_UNCLEAR: Rule(Group.UNAVAILABLE, "第三十条"),
    Outcome.NOT_PROCESSED_PETITION: Rule(Group.NOT_PROCESSED, "第三十九条第一款"),
    Outcome.NOT_PROCESSED_REPEAT: Rule(Group.NOT_PROCESSED, "第三十六条第（六）项"),
    Outcome.NOT_PROCESSED_PUBLICATION: Rule(Group.NOT_PROCESSED, "第三十九条第二款"),
    Outcome.NOT_PROCESSED_MASS: Rule(Group.NOT_PROCESSED, "第三十五条"),
    Outcome.NOT_PROCESSED_CONFIRM: Rule(Group.NOT_PROCESSED, "第三十六条第（六）项"),
    Outcome.OTHER_UNSUPPLEMENTED: Rule(Group.OTHER, "第三十条"),
    Outcome.OTHER_UNPAID: Rule(Group.OTHER, "第四十二条"),
    Outcome.OTHER: Rule(Group.OTHER, ""),
}


def group_of(outcome: str) -> str:
    return RULES[outcome].group


def article_of(outcome: str) -> str:
    return RULES[outcome].article


def outcomes_in(group: str) -> list[str]:
    """The outcomes under one sub-heading, in the report's order."""
    return [outcome for outcome in Outcome.values if RULES[outcome].group == group]


# Outcomes a division may choose when it drafts a reply: the two "no longer processed"
# ones follow from a missed supplement or fee, never from a choice.
CHOSEN = [
    o for o in Outcome.values if o not in (Outcome.OTHER_UNSUPPLEMENTED, Outcome.OTHER_UNPAID)
]
