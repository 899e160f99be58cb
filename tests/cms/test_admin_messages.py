"""The editor's messages are Chinese (issue 24.10): Wagtail's zh_Hans catalogue lacked
"The page could not be created due to validation errors" and the list's "1-3 of 3 页面";
cms/wagtail_locale supplies them."""

import re

from wagtail.test.utils.form_data import nested_form_data

from cms.models import PolicyPage
from tests.conftest import empty_policy_formsets, policy_form


def _messages(response) -> list[str]:
    return [str(m).strip() for m in response.context["messages"]]


def test_a_page_form_with_errors_says_so_in_chinese(admin_client, agency, make_policy):
    library = agency.library
    response = admin_client.post(
        f"/admin/pages/add/cms/policypage/{library.pk}/",
        nested_form_data({**empty_policy_formsets(), "title": ""}),
    )
    assert response.status_code == 200
    said = _messages(response)
    assert "有内容未通过校验，页面未能创建。" in said, said

    policy = make_policy("关于统计工作的通知")
    response = admin_client.post(f"/admin/pages/{policy.pk}/edit/", policy_form(policy, title=""))
    said = _messages(response)
    assert "有内容未通过校验，页面未能保存。" in said, said
    assert PolicyPage.objects.get(pk=policy.pk).title == "关于统计工作的通知"


def test_the_page_list_counts_in_chinese(admin_client, agency, make_policy):
    make_policy("关于统计工作的通知")
    html = admin_client.get(f"/admin/pages/{agency.library.pk}/").content.decode()
    assert "共 1 个页面，当前第 1-1 个" in html and " of 1 " not in html


def test_what_django_and_wagtail_create_in_english_is_named_in_chinese(db):
    """The group editor lists permissions by their stored names; Wagtail's migrations
    create the groups Editors and Moderators, the workflow Moderators approval and the
    root Root: renamed after every migrate."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, Page, Workflow

    assert not Permission.objects.filter(name__startswith="Can ").exists()
    assert Permission.objects.get(codename="add_policypage").name == "可添加政策文件"
    assert Permission.objects.get(codename="publish_page").name == "发布任何页面"
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert Page.objects.get(depth=1).title == Collection.objects.get(depth=1).name == "根目录"


def test_the_lock_banner_of_a_bundle_in_review_is_chinese(client, bundle, drafter):
    """Wagtail's zh_Hans lacked it: “This 页面 is awaiting '处室负责人审签' …”."""
    from tests.conftest import submit

    policy, _ = bundle
    submit(policy, drafter)
    client.force_login(drafter)
    html = client.get(f"/admin/pages/{policy.pk}/edit/").content.decode()
    assert "此页面正在等待工作流<b>“三同步审签”</b>的<b>“处室负责人审签”</b>" in html
    assert "is awaiting" not in html


def test_the_login_page_is_chinese(client, db):
    html = client.get("/admin/login/").content.decode()
    label = re.search(r'<label[^>]*for="id_password"[^>]*>\s*([^<]*)<', html)
    assert label and label.group(1).strip() == "密码"
    assert "Password" not in html
