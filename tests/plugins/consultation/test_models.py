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


def test_new_consultation_makes_the_column_and_opens_wagtails_editor(client, drafter):
    from plugins.consultation.models import ConsultationIndexPage

    client.force_login(drafter)
    answer = client.get("/admin/consultations/new/")
    column = ConsultationIndexPage.objects.get()
    assert column.live and column.url == "/consultations/"
    assert answer["Location"] == f"/admin/pages/add/consultation/consultationpage/{column.pk}/"
    assert client.get(answer["Location"]).status_code == 200
    assert column.get_workflow().name == "意见征集审核"


def test_a_drafter_submits_in_the_admin_and_the_workflow_opens_it(
    client, drafter, division, roles, django_user_model
):
    from django.utils import timezone

    client.force_login(drafter)
    add = client.get("/admin/consultations/new/")["Location"]
    opens = timezone.localtime().replace(microsecond=0)
    data = {
        "title": "关于统计执法检查规定的修订征求意见",
        "slug": "inspection-rules",
        "division": division.pk,
        "kind": "rule",
        "opens_at": opens.strftime("%Y-%m-%d %H:%M"),
        "closes_at": (opens + timedelta(days=10)).strftime("%Y-%m-%d %H:%M"),
        "draft_text": "第一条 为规范统计执法检查，制定本规定。\n第二条 本规定自发布之日起施行。",
        "action-submit": "1",
    }
    short = client.post(add, data)
    assert short.status_code == 200 and "不少于30日" in short.content.decode()
    data["closes_at"] = (opens + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    assert client.post(add, data).status_code == 302
    page = ConsultationPage.objects.get(slug="inspection-rules")
    assert not page.live and not page.clauses.exists()  # in review: not public yet
    for username, role in (("head", "处室负责人"), ("web", "网站编辑")):
        user = django_user_model.objects.create_user(username, password="pw")
        user.groups.add(roles[role])
        page = ConsultationPage.objects.get(pk=page.pk)
        state = page.current_workflow_task_state
        state.task.specific.on_action(state, user, "approve")
    page = ConsultationPage.objects.get(pk=page.pk)
    assert page.live and [c.label for c in page.current_clauses()] == ["第一条", "第二条"]
