"""Demo users: an administrator and one user per role of the review chain."""

from django.contrib.auth import get_user_model

from cms.access.roles import Role, ensure_role
from cms.demo.content import AGENCIES
from cms.models import Division

DEMO_PASSWORD = "demo-2026"
ADMIN = ("admin", "admin-2026")

# Demo usernames of the review levels, lowest first.
REVIEWERS = [
    ("chuzhang", Role.DIVISION_HEAD),
    ("editor", Role.WEB_EDITOR),
    ("chief", Role.EDITORIAL_DIRECTOR),
    ("leader", Role.LEADER),
]


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

    drafters = ensure_role(Role.DRAFTER)
    for a, agency in enumerate(AGENCIES, start=1):
        for d, name in enumerate(agency["divisions"], start=1):
            division = Division.objects.get(agency__name=agency["name"], name=name)
            username = f"drafter{a}{d}"
            user = _user(username, DEMO_PASSWORD, name=f"{name}{Role.DRAFTER}")
            user.groups.add(drafters)
            division.members.add(user)
            rows.append((username, DEMO_PASSWORD, f"{Role.DRAFTER} · {agency['name']} {name}"))

    for username, role in REVIEWERS:
        user = _user(username, DEMO_PASSWORD, name=role)
        user.groups.add(ensure_role(role))
        rows.append((username, DEMO_PASSWORD, role))
    return rows
