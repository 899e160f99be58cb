"""The demo's consultations: open with comments, closed awaiting feedback, concluded with
its feedback and final policy; each approved through its workflow; loading twice adds none."""

from datetime import date

from cms.models import Agency, Division, PolicyPage
from plugins.consultation import demo
from plugins.consultation.models import Comment, ConsultationPage, Phase


def _people(roles, django_user_model):
    for spec in (demo.OPEN, demo.CLOSED, demo.CONCLUDED):
        agency, _ = Agency.objects.get_or_create(
            name=spec["agency"], defaults={"org_code": f"ORG{Agency.objects.count()}"}
        )
        division = Division.objects.create(agency=agency, name=spec["division"])
        user = django_user_model.objects.create_user(spec["drafter"], password="pw")
        user.groups.add(roles["撰稿人"])
        division.members.add(user)
    for username, role in (("chuzhang", "处室负责人"), ("editor", "网站编辑")):
        django_user_model.objects.create_user(username, password="pw").groups.add(roles[role])
    return Division.objects.get(name=demo.CONCLUDED["division"])


def test_the_demo_consultations(roles, django_user_model, client):
    division = _people(roles, django_user_model)
    policy = PolicyPage(
        title=demo.FINAL_POLICY,
        agency=division.agency,
        division=division,
        issued_on=date(2025, 12, 12),
    )
    division.agency.library.add_child(instance=policy)
    policy.save_revision().publish()
    assert demo.load_demo_consultations() == 3
    assert demo.load_demo_consultations() == 0
    pages = {p.title: p for p in ConsultationPage.objects.live()}
    assert [
        pages[t].phase() for t in (demo.OPEN_TITLE, demo.CLOSED_TITLE, demo.CONCLUDED_TITLE)
    ] == [
        Phase.OPEN,
        Phase.CLOSED,
        Phase.CONCLUDED,
    ]
    assert all(p.get_workflow().name == "意见征集审核" for p in pages.values())
    assert Comment.objects.filter(consultation=pages[demo.OPEN_TITLE]).count() == 6
    closed = Comment.objects.filter(consultation=pages[demo.CLOSED_TITLE])
    assert list(closed.values_list("channel", flat=True)) == ["online"] * 3 + ["post"]
    concluded = pages[demo.CONCLUDED_TITLE]
    assert concluded.final_policy == policy
    detail = client.get(f"/api/v1/consultations/{concluded.pk}").json()
    assert detail["feedback"]["totals"] == {
        "adopted": 1,
        "partly": 2,
        "not_adopted": 1,
        "already": 0,
    }
    # Only an answer 已有规定/已体现 names where; none of the demo's is one.
    assert not [i for i in detail["feedback"]["items"] if i["where_label"]]
    assert "已有规定或已体现于" not in client.get(concluded.url).content.decode()
    assert "139****5678" in str(detail["feedback"]) and "13912345678" not in str(detail)
    assert detail["final_policy"]["title"] == demo.FINAL_POLICY
    lines = demo.walkthrough("http://127.0.0.1:8000")
    assert "/consultations/business-loan-guarantee-draft/" in "\n".join(lines)
