def test_admin_edit_views_render_in_chinese(admin_client, make_policy, make_interpretation):
    policy = make_policy()
    interpretation = make_interpretation(policy, form="graphic")

    html = admin_client.get(f"/admin/pages/{policy.pk}/edit/").content.decode()
    for label in ("发文字号", "起草处室", "公开属性", "公开属性理由", "附件"):
        assert label in html
    assert policy.index_number in html

    html = admin_client.get(f"/admin/pages/{interpretation.pk}/edit/").content.decode()
    for label in ("解读形式", "解读阶段", "解读人"):
        assert label in html


def test_interpretations_are_only_added_under_a_policy(admin_client, agency, make_policy):
    policy = make_policy()
    ok = admin_client.get(f"/admin/pages/add/interpretations/interpretationpage/{policy.pk}/")
    assert ok.status_code == 200
    refused = admin_client.get(
        f"/admin/pages/add/interpretations/interpretationpage/{agency.library.pk}/"
    )
    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard.
    assert (refused.status_code, refused.url) == (302, "/admin/")


def test_agency_snippet_admin(admin_client, agency):
    assert agency.name in admin_client.get("/admin/snippets/cms/agency/").content.decode()


def test_setup_roles_gives_every_role_admin_access(db, capsys):
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from cms.access.roles import DRAFTERS, REVIEW_LEVELS

    call_command("setup_roles")
    call_command("setup_roles")  # safe to run again
    for name in [DRAFTERS, *REVIEW_LEVELS]:
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()
    assert (
        Group.objects.get(name="局领导")
        .permissions.filter(codename="grant_interpretation_exemption")
        .exists()
    )
    assert (
        not Group.objects.get(name=DRAFTERS)
        .permissions.filter(codename="grant_interpretation_exemption")
        .exists()
    )
