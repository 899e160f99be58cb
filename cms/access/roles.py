"""The editorial roles as Wagtail groups: drafters and the four review levels
(docs/architecture.md#roles), who also handle the plugins' work (moderating messages,
keeping the service catalogue).

A role is named in code by ``Role``, never by its group's name; plugins say which of their
permissions each role has through the ``role_permissions`` hook.
"""

from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import models
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from cms.extend import plugin_manager
from cms.models import HomePage


class Role(models.TextChoices):
    """The editorial roles; each value is the name of the role's Wagtail group."""

    DRAFTER = "撰稿人"  # drafts in a drafting division (起草处室)
    DIVISION_HEAD = "处室负责人"  # review level 1; approves the division's message replies
    WEB_EDITOR = "网站编辑"  # level 2; moderates messages, keeps the service catalogue
    EDITORIAL_DIRECTOR = "编辑部主任"  # level 3; told of overdue messages (督办)
    LEADER = "局领导"  # level 4, the bureau's leadership


DRAFTERS = Role.DRAFTER
# The approval levels of the default review chain, lowest first; the data migration
# 0005_default_workflows creates these groups and the workflow's steps.
REVIEW_LEVELS = [Role.DIVISION_HEAD, Role.WEB_EDITOR, Role.EDITORIAL_DIRECTOR, Role.LEADER]

PAGE_PERMISSIONS = {
    Role.DRAFTER: ["add_page", "change_page"],
    Role.DIVISION_HEAD: ["add_page", "change_page"],
    Role.WEB_EDITOR: ["add_page", "change_page", "publish_page"],
    Role.EDITORIAL_DIRECTOR: ["change_page", "publish_page"],
    Role.LEADER: ["change_page", "publish_page"],
}
# Who may exempt a policy from the interpretation requirement.
EXEMPTING_ROLES = {Role.EDITORIAL_DIRECTOR, Role.LEADER}
# The core's own models a role keeps beside pages: the serious-error check's list is kept
# by the web editors and the office (编辑部主任), as plugins declare theirs.
_SERIOUS_ERROR_LIST = [
    "add_seriouserrorentry",
    "change_seriouserrorentry",
    "delete_seriouserrorentry",
    "view_seriouserrorentry",
]
# Settings → 网站标识与备案 is kept by the same two (granted on every migrate to the roles
# that exist: roles.grant_declared_after_migrate).
_SITE_IDENTITY = ["change_siteidentity"]
CORE_PERMISSIONS = {
    "cms": {
        Role.WEB_EDITOR: [*_SERIOUS_ERROR_LIST, *_SITE_IDENTITY],
        Role.EDITORIAL_DIRECTOR: [*_SERIOUS_ERROR_LIST, *_SITE_IDENTITY],
        Role.LEADER: ["view_seriouserrorentry"],
    }
}
COLLECTION_PERMISSIONS = [
    "add_document",
    "change_document",
    "choose_document",
    "add_image",
    "change_image",
    "choose_image",
]


def ensure_role(name: str) -> Group:
    """Create or complete a role's group: admin access, page rights on the whole site under
    the home page, media rights, and the exemption permission where the role has it."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if name in EXEMPTING_ROLES:
        group.permissions.add(Permission.objects.get(codename="grant_interpretation_exemption"))
    home = HomePage.objects.first()
    for codename in PAGE_PERMISSIONS.get(name, ["change_page"]):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    root = Collection.get_first_root_node()
    for codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=Permission.objects.get(codename=codename)
        )
    _grant_declared(group)
    return group


def ensure_roles() -> dict[str, Group]:
    return {name: ensure_role(name) for name in [DRAFTERS, *REVIEW_LEVELS]}


def declared_permissions() -> dict[str, dict[str, list[str]]]:
    """App label → role → codenames: the core's own (``CORE_PERMISSIONS``) and what every
    enabled plugin's ``role_permissions`` hook grants, merged."""
    declared: dict[str, dict[str, list[str]]] = {
        app: {str(role): list(codenames) for role, codenames in roles.items()}
        for app, roles in CORE_PERMISSIONS.items()
    }
    for _plugin, role_permissions in plugin_manager.call_each("role_permissions"):
        for role, permissions in role_permissions.items():
            for permission in permissions:
                app_label, codename = permission.split(".", 1)
                declared.setdefault(app_label, {}).setdefault(str(role), []).append(codename)
    return declared


def grant_declared_after_migrate(sender, **kwargs) -> None:
    """post_migrate, sent once per app: give the roles that exist the permissions plugins
    declared of this app (idempotent), so the editorial roles can use its models."""
    role_permissions = declared_permissions().get(sender.label)
    if role_permissions:
        grant(sender.label, role_permissions)


def grant(app_label: str, role_permissions: dict[str, list[str]]) -> None:
    """Give the roles an app's permissions by codename (idempotent), to those that exist."""
    # The app's permissions may not exist yet when this runs before auth's own handler.
    create_permissions(apps.get_app_config(app_label), verbosity=0)
    for group in Group.objects.filter(name__in=list(role_permissions)):
        _add(group, app_label, role_permissions[group.name])


def _grant_declared(group: Group) -> None:
    for app_label, role_permissions in declared_permissions().items():
        _add(group, app_label, role_permissions.get(group.name, []))


def _add(group: Group, app_label: str, codenames: Iterable[str]) -> None:
    if codenames:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
