"""The editorial roles: the groups they name, and the permissions plugins give them."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from cms.access.roles import REVIEW_LEVELS, Role, ensure_roles, grant_declared_after_migrate
from cms.extend.hookspecs import hookimpl


def test_each_role_is_a_group_of_the_review_chain(roles):
    assert [*roles] == [Role.DRAFTER, *REVIEW_LEVELS]
    assert {group.name for group in roles.values()} == {
        "撰稿人",
        "处室负责人",
        "网站编辑",
        "编辑部主任",
        "局领导",
    }


class Taxonomist:
    @hookimpl
    def role_permissions(self):
        return {Role.DRAFTER: ["taggit.add_tag"], Role.LEADER: ["taggit.view_tag"]}


def _can(role: Role, codename: str) -> bool:
    return Group.objects.get(name=role).permissions.filter(codename=codename).exists()


def test_role_permissions_reach_the_groups_after_migrate_and_groups_created_later(db, plugin):
    plugin(Taxonomist(), "taxonomist")
    Group.objects.get_or_create(name=Role.DRAFTER)
    Group.objects.filter(name=Role.LEADER).delete()
    grant_declared_after_migrate(sender=apps.get_app_config("taggit"))
    assert _can(Role.DRAFTER, "add_tag") and not _can(Role.DRAFTER, "view_tag")
    assert not Group.objects.filter(name=Role.LEADER).exists()  # granting creates no group

    ensure_roles()  # a role created later gets what plugins declared too
    assert _can(Role.LEADER, "view_tag") and not _can(Role.LEADER, "add_tag")


@pytest.mark.skipif(
    not (apps.is_installed("plugins.messageboard") and apps.is_installed("plugins.govservice")),
    reason="the message board or the service links are not enabled",
)
def test_the_builtin_plugins_give_the_web_editors_their_models(roles):
    assert _can(Role.WEB_EDITOR, "moderate_message")
    assert _can(Role.WEB_EDITOR, "change_serviceitem")
    assert not _can(Role.DRAFTER, "change_serviceitem")
