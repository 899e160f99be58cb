"""How many consultations, opinions and feedback reports a year had, by agency and for the
website annual report (征集调查: 征集调查期数, 收到意见数量, 公布调查结果期数).

Counted from dated records, not from today's states, so last year's numbers stay the same:
a round is a consultation that went live and opened in the year (one withdrawn since still
happened), an opinion a comment received in the year and not rejected by a moderator, a
result a feedback published in the year.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.plugin_api import Agency, ReportColumn, ReportRow, ReportTable
from plugins.consultation.models import Comment, ConsultationPage, Feedback

ROWS = ("rounds", "opinions", "results")


def _querysets(year: int, consultations):
    rounds = consultations.filter(opens_at__year=year)
    opinions = Comment.objects.filter(consultation__in=consultations, received_at__year=year)
    opinions = opinions.exclude(state=Comment.State.REJECTED)
    results = Feedback.objects.filter(consultation__in=consultations, published_at__year=year)
    return rounds, opinions, results


def held() -> object:
    """Consultations that were ever approved and published (drafts never count)."""
    return ConsultationPage.objects.filter(first_published_at__isnull=False)


def counts(year: int, consultations=None) -> dict[str, int]:
    """Rounds opened, opinions received and feedback published in the year."""
    querysets = _querysets(year, held() if consultations is None else consultations)
    return {key: qs.count() for key, qs in zip(ROWS, querysets, strict=True)}


def by_agency(year: int) -> list[dict]:
    """Per agency that had any: its name and the year's three numbers, and a total row."""
    rounds, opinions, results = _querysets(year, held())
    numbers: dict[int, dict[str, int]] = {}
    for key, qs, path in (
        ("rounds", rounds, "division__agency"),
        ("opinions", opinions, "consultation__division__agency"),
        ("results", results, "consultation__division__agency"),
    ):
        for row in qs.values(path).annotate(n=Count("pk")):
            numbers.setdefault(row[path], dict.fromkeys(ROWS, 0))[key] = row["n"]
    names = dict(Agency.objects.filter(pk__in=numbers).values_list("pk", "name"))
    rows = [{"agency": names[pk], **numbers[pk]} for pk in sorted(numbers, key=names.get)]
    total = {key: sum(row[key] for row in rows) for key in ROWS}
    return [*rows, {"agency": _("Total"), **total}] if rows else []


def website_table(year: int, site) -> ReportTable:
    """The website report's 征集调查 table for one Wagtail site: its pages only."""
    path = site.root_page.path
    numbers = counts(year, held().filter(Q(path__startswith=path)))
    listed = reverse("consultation_admin:list")  # the rounds, with their comments and feedback
    labels = {
        "rounds": _("Consultation rounds"),
        "opinions": _("Opinions received"),
        "results": _("Rounds whose results were published"),
    }
    return ReportTable(
        section="网站",
        key="consultations",
        title=_("Consultations and surveys"),
        columns=(ReportColumn("value", _("Quantity")),),
        rows=tuple(
            ReportRow(key, labels[key], 0, {"value": numbers[key]}, {"value": listed})
            for key in ROWS
        ),
    )
