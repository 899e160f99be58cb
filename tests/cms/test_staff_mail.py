"""Mail to a division's and a role's active members (cms.access.mail)."""

from django.core import mail

from cms.access.mail import mail_members
from cms.access.roles import Role


def test_one_mail_to_the_active_members_of_the_divisions_and_roles(
    roles, division, django_user_model
):
    users = django_user_model.objects
    staff = users.create_user("staff", email="staff@example.invalid")
    gone = users.create_user("gone", email="gone@example.invalid", is_active=False)
    editor = users.create_user("editor", email="editor@example.invalid")
    nameless = users.create_user("nameless")
    division.members.add(staff, gone, nameless, editor)
    editor.groups.add(roles[Role.WEB_EDITOR])

    to = mail_members("主题", "正文", divisions=[division, None], roles=[Role.WEB_EDITOR])

    assert to == ["editor@example.invalid", "staff@example.invalid"]
    [sent] = mail.outbox
    assert sent.to == to and sent.subject == "主题" and sent.body == "正文"


def test_no_mail_when_no_one_has_an_address(roles, division):
    assert mail_members("主题", "正文", divisions=[division.pk], roles=[Role.LEADER]) == []
    assert mail.outbox == []
