"""Demo users: an administrator and one user per role of the review chain."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from ..models import Division, HomePage
from .content import AGENCIES

DEMO_PASSWORD = "demo-2026"
ADMIN = ("admin", "admin-2026")

DRAFTERS = "撰稿人"
# The four approval levels of the default review chain (DESIGN 2), lowest first.
REVIEW_LEVELS = [
    ("chuzhang", "处室负责人"),
    ("editor", "网站编辑"),
    ("chief", "编辑部主任"),
    ("leader", "局领导"),
]

_PAGE_PERMISSIONS = {
    DRAFTERS: ["add_page", "change_page"],
    "处室负责人": ["add_page", "change_page"],
    "网站编辑": ["add_page", "change_page", "publish_page"],
    "编辑部主任": ["change_page", "publish_page"],
    "局领导": ["change_page", "publish_page"],
}
_COLLECTION_PERMISSIONS = [
    "add_document",
    "change_document",
    "choose_document",
    "add_image",
    "change_image",
    "choose_image",
]


def ensure_group(name: str) -> Group:
    """Create a Wagtail editor group with page rights on the whole library and media rights."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    home = HomePage.objects.first()
    for codename in _PAGE_PERMISSIONS.get(name, ["change_page"]):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    root = Collection.get_first_root_node()
    for codename in _COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=Permission.objects.get(codename=codename)
        )
    return group


def _user(username: str, password: str, *, name: str, superuser: bool = False):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(password)
    user.first_name = name
    user.email = f"{username}@example.invalid"
    user.is_staff = superuser
    user.is_superuser = superuser
    user.save()
    return user


def create_demo_users() -> list[tuple[str, str, str]]:
    """Create the demo users; return (username, password, role) rows for printing.

    Passwords are only set when a user is created, so a password changed in the admin
    survives a second `load_demo`.
    """
    rows = []
    _user(ADMIN[0], ADMIN[1], name="管理员", superuser=True)
    rows.append((ADMIN[0], ADMIN[1], "管理员（超级用户）"))

    drafters = ensure_group(DRAFTERS)
    for a, agency in enumerate(AGENCIES, start=1):
        for d, name in enumerate(agency["divisions"], start=1):
            division = Division.objects.get(agency__name=agency["name"], name=name)
            username = f"drafter{a}{d}"
            user = _user(username, DEMO_PASSWORD, name=f"{name}撰稿人")
            user.groups.add(drafters)
            division.members.add(user)
            rows.append((username, DEMO_PASSWORD, f"撰稿人 · {agency['name']} {name}"))

    for username, role in REVIEW_LEVELS:
        user = _user(username, DEMO_PASSWORD, name=role)
        user.groups.add(ensure_group(role))
        rows.append((username, DEMO_PASSWORD, role))
    return rows
