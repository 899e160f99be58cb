"""Consultations for the consultation plugin's tests: one open, made as the admin makes it."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from cms.plugin_api import Division, Role

# The browser fixtures of tests/e2e, for this plugin's browser test.
from tests.e2e.conftest import chromium, new_page, screenshots  # noqa: F401

# With the plugin switched off (POLICY_PLUGINS), its tests have nothing to test.
collect_ignore_glob = [] if apps.is_installed("plugins.consultation") else ["test_*.py"]

DRAFT = """第一条 为了规范统计调查项目管理，制定本办法。
第二条 本办法适用于本市各级统计机构组织实施的统计调查。
第三条 统计调查对象应当依法真实、准确、完整、及时地提供统计资料。
第四条 本办法自发布之日起施行。"""


@pytest.fixture
def make_consultation(division):
    """A consultation under the column; live (as its workflow's last approval leaves it)
    unless live=False, open from yesterday for 30 days unless told otherwise."""
    from plugins.consultation.column import ensure_column
    from plugins.consultation.models import ConsultationPage

    def make(title="《统计调查项目管理办法（征求意见稿）》公开征求意见", *, live=True, **fields):
        now = timezone.now()
        fields.setdefault("opens_at", now - timedelta(days=1))
        fields.setdefault("closes_at", fields["opens_at"] + timedelta(days=30))
        fields.setdefault("division", division)
        fields.setdefault("kind", "rule")
        fields.setdefault("draft_text", DRAFT)
        fields.setdefault("background", "现行办法施行多年，部分规定已不适应工作需要。")
        page = ConsultationPage(title=title, live=False, **fields)
        ensure_column().add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        return ConsultationPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def consultation(make_consultation):
    return make_consultation()


@pytest.fixture
def staff(roles, division, django_user_model):
    """A drafter and a head of the consultation's division, a drafter of another, and a
    web editor (moderates every division's comments)."""
    users = {}
    for name, role, div in [
        ("c_drafter", Role.DRAFTER, division),
        ("c_head", Role.DIVISION_HEAD, division),
        ("c_other", Role.DRAFTER, Division.objects.create(agency=division.agency, name="法规处")),
        ("c_editor", Role.WEB_EDITOR, None),
    ]:
        user = django_user_model.objects.create_user(name, f"{name}@example.cn", "pw")
        user.groups.add(roles[role])
        if div is not None:
            div.members.add(user)
        users[name.removeprefix("c_")] = user
    return users
