"""The serious-error check (严重错误检查, docs/domain.md §4a), beside the confidentiality
review: the expressions of the admin-edited list (``SeriousErrorEntry``) found in every
member of a bundle as stored, its attachments' text included.

The list is matched in one pass per text with Aho-Corasick (pyahocorasick). The automaton
is built once per version of the list, the version being its size and its last change, so
an edit in the admin is seen at the next check in every process and an unchanged list is
never rebuilt. Texts and expressions are both folded by ``cms.text.matching.normalize``
(traditional → simplified, full-width → half-width), which keeps the length, so a match
marks the same place in the text as written.

A finding of an entry marked 严重 is an error: the bundle is returned. The others are
warnings the submitter and each reviewer acknowledge. Either names the member, the field
(or the attachment), the excerpt with the wrong expression marked 【…】, and the right one.
"""

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache

import ahocorasick
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from cms.models.documents import attachment_texts
from cms.models.serious_errors import SeriousErrorEntry, SeriousErrorFinding
from cms.rules.confidentiality import ERROR, WARNING, Finding
from cms.text.matching import leftmost_longest, normalize
from cms.text.page_text import page_texts

logger = logging.getLogger(__name__)

CHECK = "serious_errors"
CONTEXT = 12  # characters shown either side of a finding


@lru_cache(maxsize=4)
def _automaton(version: tuple) -> ahocorasick.Automaton:
    """The list as an automaton: folded wrong expression → (wrong, right, serious)."""
    automaton = ahocorasick.Automaton()
    for wrong, right, serious in SeriousErrorEntry.objects.values_list("wrong", "right", "serious"):
        key = normalize(wrong.strip())
        if key:
            automaton.add_word(key, (len(key), wrong, right, serious))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def list_version() -> tuple:
    """The list's size and its last change: an addition, an edit or a deletion changes it."""
    state = SeriousErrorEntry.objects.aggregate(count=Count("pk"), changed=Max("updated_at"))
    return state["count"], state["changed"]


def automaton() -> ahocorasick.Automaton:
    """The automaton of the list as it stands (built once per version)."""
    return _automaton(list_version())


def matches(text: str, automaton_=None) -> list[tuple[int, int, str, str, bool]]:
    """(start, end, wrong, right, serious) of every listed expression in ``text``, the
    longest where two overlap, in order."""
    automaton_ = automaton() if automaton_ is None else automaton_
    if not text or not len(automaton_):
        return []
    # A lone surrogate (text pasted from a broken source) becomes "?": one character for
    # one, so the places still match.
    folded = normalize(text.encode("utf-8", "replace").decode("utf-8"))
    if len(folded) != len(text):  # normalize keeps the length; never mark a wrong place
        return []
    spans = [
        (end - length + 1, end + 1, wrong, right, serious)
        for end, (length, wrong, right, serious) in automaton_.iter(folded)
    ]
    return leftmost_longest(spans)


def _excerpt(text: str, start: int, end: int) -> str:
    def flat(part: str) -> str:
        return " ".join(part.split())

    before = flat(text[max(0, start - CONTEXT) : start])
    after = flat(text[end : end + CONTEXT])
    return f"…{before}【{text[start:end]}】{after}…"


def member_texts(page) -> Iterator[tuple[str, str]]:
    """(where, text) of everything a member publishes: its fields and body as the
    confidentiality review reads them (``page_texts``), then each attachment's text."""
    yield from page_texts(page)
    for title, text in attachment_texts(page):
        yield _("attachment “%(title)s”") % {"title": title}, text


def page_findings(page, automaton_=None) -> Iterator[Finding]:
    automaton_ = automaton() if automaton_ is None else automaton_
    if not len(automaton_):
        return
    for field, text in member_texts(page):
        for start, end, wrong, right, serious in matches(text, automaton_):
            message = _("“%(wrong)s” should be “%(right)s”") % {"wrong": wrong, "right": right}
            if serious:
                message = _("Serious error: %(message)s") % {"message": message}
            yield Finding(
                ERROR if serious else WARNING,
                CHECK,
                message,
                member=str(page.title),
                field=str(field),
                excerpt=_excerpt(text, start, end),
                marked=text[start:end],
                suggestion=right,
            )


def bundle_findings(pages: Iterable) -> list[Finding]:
    """The findings on every member (one look at the list's version for all of them). A
    check that crashes blocks with an error, as a confidentiality check does: never a pass."""
    pages = list(pages)
    try:
        current = automaton()
        return [finding for page in pages for finding in page_findings(page, current)]
    except Exception:
        logger.exception("the serious-error check failed")
        return [
            Finding(
                ERROR,
                CHECK,
                _("The serious-error check is unavailable; the bundle cannot pass review."),
                member=str(pages[0].title) if pages else "",
            )
        ]


def of_check(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.check == CHECK]


def record(policy, findings: Iterable[Finding], outcome: str, user=None, members=()) -> int:
    """Log the serious-error findings among ``findings`` with what became of them."""
    pages = {str(page.title): page.pk for page in members}
    rows = [
        SeriousErrorFinding(
            policy_id=policy.pk,
            member_id=pages.get(f.member),
            member_title=f.member[:255],
            field=f.field[:255],
            wrong=f.marked[:100],
            right=f.suggestion[:100],
            serious=f.severity == ERROR,
            excerpt=f.excerpt,
            outcome=outcome,
            user=user,
        )
        for f in of_check(findings)
        if f.marked  # not the check's own failure
    ]
    if policy.pk and rows:
        SeriousErrorFinding.objects.bulk_create(rows)
    return len(rows)
