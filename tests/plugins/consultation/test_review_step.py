"""The consultation's own review: the step 处室负责人审核征求意见稿 is taken only by the head
of the consultation's drafting division, through Wagtail's own admin views."""

from cms.plugin_api import Division, Role
from plugins.consultation.models import ConsultationApprovalTask, ConsultationPage


def _submitted(make_consultation, drafter):
    page = make_consultation("关于统计调查项目审批的征求意见稿", live=False)
    page.get_workflow().start(page, drafter)
    return ConsultationPage.objects.get(pk=page.pk)


def _approve(client, page):
    state = page.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/"
    return client.post(url, {"next": "/admin/"})


def test_only_the_drafting_divisions_head_approves_the_draft(
    client, make_consultation, staff, roles, division, django_user_model
):
    page = _submitted(make_consultation, staff["drafter"])
    step = page.current_workflow_task
    assert step.name == "处室负责人审核征求意见稿"
    assert isinstance(step.specific, ConsultationApprovalTask)  # swapped in by migration 0003
    stranger = django_user_model.objects.create_user("other_head", password="pw")
    stranger.groups.add(roles[Role.DIVISION_HEAD])
    Division.objects.create(agency=division.agency, name="人事处").members.add(stranger)

    # Another division's head: not offered the step on the dashboard or in the editor …
    client.force_login(stranger)
    assert page.title not in client.get("/admin/").content.decode()
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code in (302, 403) or "workflow-action-name" not in edit.content.decode()
    # … and refused when forcing it.
    refused = _approve(client, page)
    assert refused.status_code == 302
    assert "没有权限访问" in client.get(refused["Location"]).content.decode()
    page = ConsultationPage.objects.get(pk=page.pk)
    assert page.current_workflow_task.name == "处室负责人审核征求意见稿"

    # The consultation's own head sees it on the dashboard and approves it.
    client.force_login(staff["head"])
    assert page.title in client.get("/admin/").content.decode()
    assert _approve(client, page).status_code == 302
    page = ConsultationPage.objects.get(pk=page.pk)
    assert page.current_workflow_task.name == "网站编辑审核征求意见稿"
    assert not page.live
