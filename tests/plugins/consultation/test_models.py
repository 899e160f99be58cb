"""A consultation goes through its own workflow, and its clauses follow the published draft."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from plugins.consultation.models import Clause, ConsultationPage
from plugins.consultation.redraft import sync_clauses


def test_the_column_has_the_consultations_own_workflow(consultation):
    assert consultation.get_workflow().name == "意见征集审核"
    assert [t.name for t in consultation.get_workflow().tasks] == [
        "处室负责人审核征求意见稿",
        "网站编辑审核征求意见稿",
    ]


def test_publication_splits_the_draft_and_a_redraft_keeps_anchors(consultation):
    clauses = list(consultation.current_clauses())
    assert [c.label for c in clauses] == ["第一条", "第二条", "第三条", "第四条"]
    third = clauses[2]
    page = ConsultationPage.objects.get(pk=consultation.pk)
    page.draft_text = page.draft_text.replace("第二条 本办法适用于", "第二条 本办法适用于全")
    page.save_revision().publish()
    current = list(page.current_clauses())
    assert current[2].pk == third.pk and current[2].anchor == third.anchor
    # The old 第二条 stays, retired, for the comments that cite it.
    assert Clause.objects.filter(consultation=page, current=False).count() == 1
    sync_clauses(page)  # idempotent
    assert page.clauses.count() == 5


def test_an_unpublished_draft_has_no_clauses(make_consultation):
    assert not make_consultation(live=False).clauses.exists()


@pytest.mark.parametrize(
    ("kind", "days", "ok"),
    [("rule", 29, False), ("rule", 30, True), ("other", 7, True), ("other", 6, False)],
)
def test_the_shortest_period_depends_on_the_kind(consultation, kind, days, ok):
    consultation.kind = kind
    consultation.closes_at = consultation.opens_at + timedelta(days=days)
    if ok:
        consultation.clean()
    else:
        with pytest.raises(ValidationError):
            consultation.clean()
