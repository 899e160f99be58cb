"""People and requests for the disclosure requests' tests."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from tests.e2e.conftest import chromium, new_page, screenshots  # noqa: F401

# With the plugin switched off (POLICY_PLUGINS), its tests have nothing to test.
collect_ignore_glob = [] if apps.is_installed("plugins.disclosure_requests") else ["test_*.py"]

# A valid resident ID (its check digit computed by ISO 7064 MOD 11-2) of a fictional person.
ID_NUMBER = "11010519491231002X"


def _group(name, codenames):
    group, _ = Group.objects.get_or_create(name=name)
    for codename in codenames:
        app, code = codename.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app, codename=code))
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


@pytest.fixture
def office(django_user_model, db):
    from plugins.disclosure_requests.roles import OFFICE_PERMISSIONS

    user = django_user_model.objects.create_user("office", password="pw")
    user.groups.add(_group("政府信息公开办公室", OFFICE_PERMISSIONS))
    return user


@pytest.fixture
def office_head(django_user_model, db):
    from plugins.disclosure_requests.roles import HEAD_PERMISSIONS

    user = django_user_model.objects.create_user("office_head", password="pw")
    user.groups.add(_group("政府信息公开办公室负责人", HEAD_PERMISSIONS))
    return user


@pytest.fixture
def division_staff(django_user_model, division, roles):
    user = django_user_model.objects.create_user("division_staff", password="pw")
    user.groups.add(roles["撰稿人"])
    division.members.add(user)
    return user


@pytest.fixture
def outsider(django_user_model, roles, agency):
    from cms.models import Division

    other = Division.objects.create(agency=agency, name="办公室")
    user = django_user_model.objects.create_user("outsider", password="pw")
    user.groups.add(roles["撰稿人"])
    other.members.add(user)
    return user


@pytest.fixture
def make_request(agency):
    """A request as the public form stores it (submitted, awaiting confirmation)."""
    from plugins.disclosure_requests.models import DisclosureRequest

    def make(**fields):
        data = {
            "agency": agency,
            "applicant_type": "person",
            "name": "王小明",
            "id_type": "resident_id",
            "id_number": ID_NUMBER,
            "phone": "13812345678",
            "email": "wang@example.com",
            "information": "2025年本市规模以上工业企业名录",
            "form": "electronic",
            "way": "email",
            **fields,
        }
        return DisclosureRequest.objects.create(**data)

    return make
