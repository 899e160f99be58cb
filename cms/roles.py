"""The editorial roles as Wagtail groups: drafters and the four review levels (DESIGN 2)."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .models import HomePage

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
    return group


def ensure_roles() -> dict[str, Group]:
    return {name: ensure_role(name) for name in [DRAFTERS, *REVIEW_LEVELS]}
