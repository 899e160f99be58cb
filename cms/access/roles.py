"""The editorial roles as Wagtail groups: drafters and the four review levels
(docs/architecture.md#roles)."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from cms.models import HomePage

DRAFTERS = "撰稿人"
# The approval levels of the default review chain, lowest first; the data migration
# 0005_default_workflows creates these groups and the workflow's steps.
REVIEW_LEVELS = ["处室负责人", "网站编辑", "编辑部主任", "局领导"]

PAGE_PERMISSIONS = {
    DRAFTERS: ["add_page", "change_page"],
    "处室负责人": ["add_page", "change_page"],
    "网站编辑": ["add_page", "change_page", "publish_page"],
    "编辑部主任": ["change_page", "publish_page"],
    "局领导": ["change_page", "publish_page"],
}
# Who may exempt a policy from the interpretation requirement.
EXEMPTING_ROLES = {"编辑部主任", "局领导"}
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


# app label → role → codenames, as plugins declare them (``grant``), so a role created
# later (``setup_roles``) gets them too.
_granted: dict[str, dict[str, list[str]]] = {}


def declare(app_label: str, role_permissions: dict[str, list[str]]) -> None:
    """Which of an app's permissions each role has (at start-up, no database): roles that
    ``ensure_role`` creates or completes get them."""
    _granted[app_label] = role_permissions


def grant(app_label: str, role_permissions: dict[str, list[str]]) -> None:
    """Give the roles an app's permissions by codename (idempotent), now to those that
    exist and later to any ``ensure_role`` creates: what a plugin does after every migrate,
    so the editorial roles can use its models."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    declare(app_label, role_permissions)
    # The app's permissions may not exist yet when this runs before auth's own handler.
    create_permissions(apps.get_app_config(app_label), verbosity=0)
    for role in role_permissions:
        group = Group.objects.filter(name=role).first()
        if group is not None:
            _grant_declared(group)


def _grant_declared(group: Group) -> None:
    for app_label, role_permissions in _granted.items():
        codenames = role_permissions.get(group.name, [])
        if codenames:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
