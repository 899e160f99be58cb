"""People and a policy for the message board's tests."""

import pytest
from django.apps import apps

# The browser fixtures of tests/e2e, for this plugin's browser test.
from tests.e2e.conftest import chromium, new_page, screenshots  # noqa: F401

# With the plugin switched off (POLICY_PLUGINS), its tests have nothing to test.
collect_ignore_glob = [] if apps.is_installed("plugins.messageboard") else ["test_*.py"]


@pytest.fixture
def board_policy(publish_policy):
    return publish_policy("关于小微企业统计调查的办法", doc_type="normative")


def _user(django_user_model, roles, username, role, division=None):
    user = django_user_model.objects.create_user(username, password="pw")
    user.groups.add(roles[role])
    if division is not None:
        division.members.add(user)
    return user


@pytest.fixture
def moderator(roles, django_user_model):
    return _user(django_user_model, roles, "moderator", "网站编辑")


@pytest.fixture
def staff(roles, division, django_user_model):
    return _user(django_user_model, roles, "staff", "撰稿人", division)


@pytest.fixture
def head(roles, division, django_user_model):
    return _user(django_user_model, roles, "head", "处室负责人", division)


@pytest.fixture
def other_division(agency):
    from cms.models import Division

    return Division.objects.create(agency=agency, name="法规处")


@pytest.fixture
def post_message(client):
    """POST a message to the API as the public does; returns the JSON answer."""

    def post(**fields):
        data = {
            "category": "consultation",
            "subject": "小微企业如何报送",
            "body": "请问年报怎样报送？",
            "name": "张三",
            "contact": "13812345678",
            **fields,
        }
        response = client.post("/api/v1/messages", data, content_type="application/json")
        assert response.status_code == 202, response.content
        return response.json()

    return post
