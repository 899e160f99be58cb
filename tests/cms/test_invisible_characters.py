"""Control characters (which XML cannot carry: one in a title stopped every feed),
zero-width characters and bidi overrides are normalised away at every entry: the import,
the admin's forms, the API; and the feeds carry what was stored before."""

import json
from datetime import date

import pytest
from django.apps import apps
from wagtail.models import Page

from cms.importing.importer import import_policies
from cms.models import Agency, PolicyPage
from cms.text.sanitize import normalize_text
from interpretations.models import InterpretationPage
from tests.conftest import policy_form

NASTY = "\u0000\u000b\u200b\u202e\u2066\ufeff"


def test_normalize_text_keeps_text_and_line_breaks():
    assert normalize_text(f"关于{NASTY}统计\r\n工作\t的通知") == "关于统计\n工作\t的通知"
    assert normalize_text("关于\r\n统计\t工作", single_line=True) == "关于 统计 工作"


def test_the_zero_width_joiner_stays_only_inside_an_emoji_sequence():
    family, flag, skin = "👨\u200d👩\u200d👧", "🏳\ufe0f\u200d🌈", "👩🏽\u200d💻"
    assert normalize_text(f"赞{family}{flag}{skin}") == f"赞{family}{flag}{skin}"
    # Elsewhere it is invisible, and goes: in words (a listed word split by it), at an edge.
    assert normalize_text("违\u200d禁\u200d词 👍\u200d \u200d👍") == "违禁词 👍 👍"


def _line(**fields):
    record = {
        "title": f"关于{NASTY}统计工作的通知",
        "doc_number": "测统〔2024〕\u000b7号",
        "agency": "\u200b测试市统计局",  # the fixture's agency, not a new one
        "division": "综合处\u200d",
        "issued_on": "2024-05-01",
        "topics": ["\u200b统计"],
        "summary": "第一行\u0000\n第二行\u000b",
        "body": "<p>正文\u202e内容&#11;</p>",
        "interpretations": [
            {
                "title": "\u200b解读",
                "interpreter_name": "\u200b李\u200b四",
                "sections": [{"kind": "main_content", "text": "要点\u202e一\u0007"}],
                "qa": [{"question": "问\u200b题", "answer": "<b>答&#8203;复</b>"}],
            }
        ],
    }
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


@pytest.mark.parametrize("one_by_one", [False, True])
def test_an_imported_line_is_stored_without_them_and_the_feeds_serve_it(
    client, division, one_by_one
):
    extra = {"attachments": []} if one_by_one else {}  # a line the fast path leaves aside
    result = import_policies([_line(**extra)], publish=True)
    assert result.created == 1, result.errors
    policy = PolicyPage.objects.get()
    assert policy.title == "关于统计工作的通知"
    assert policy.doc_number == "测统〔2024〕7号"
    assert policy.agency == division.agency and policy.division == division
    assert policy.summary == "第一行\n第二行"
    assert policy.body == "<p>正文内容</p>"
    assert list(policy.topics.names()) == ["统计"]
    revision = policy.get_latest_revision_as_object()
    assert revision.title == "关于统计工作的通知"
    page = InterpretationPage.objects.get()
    assert (page.title, page.interpreter_name) == ("解读", "李四")
    stored = json.dumps(page.body.get_prep_value(), ensure_ascii=False)
    assert "要点一" in stored and "问题" in stored and "答复" in stored
    assert not any(c in stored for c in NASTY + "\u0007")
    # The same line again finds the same policy, unchanged.
    assert import_policies([_line(**extra)], publish=True).unchanged == 1

    if apps.is_installed("plugins.channels"):
        for feed in ("/feeds/policies.rss", "/feeds/policies.atom"):
            response = client.get(feed)
            assert response.status_code == 200
            assert "关于统计工作的通知" in response.content.decode()


@pytest.mark.skipif(not apps.is_installed("plugins.channels"), reason="no feeds")
def test_feeds_carry_what_was_stored_before_entry_was_normalised(client, publish_policy):
    policy = publish_policy("正常的通知", topics=["统计"])
    # Written past every entry, as an old import did (no NUL: PostgreSQL refuses it).
    PolicyPage.objects.filter(pk=policy.pk).update(
        title="旧\u0008标题\u000b", summary="摘要\u0001", doc_number="号\u001f"
    )
    Page.objects.filter(pk=policy.pk).update(title="旧\u0008标题\u000b")
    for feed in ("/feeds/policies.rss", "/feeds/policies.atom", "/feeds/topics/统计.rss"):
        response = client.get(feed)
        assert response.status_code == 200, feed
        assert "旧标题" in response.content.decode()


def test_the_admin_edit_form_refuses_nul_and_stores_the_rest_normalised(admin_client, make_policy):
    policy = make_policy("关于统计工作的通知", doc_number="测统〔2024〕1号")
    form = policy_form(
        policy,
        title=f"关于{NASTY}统计工作的通知",
        doc_number="测统〔2024〕\u200b1号",
        summary="摘要\u0000内容",
    )
    response = admin_client.post(f"/admin/pages/{policy.pk}/edit/", form)
    # Django's forms refuse NUL outright ("不允许是用空字符串。").
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"title", "summary"}

    form = policy_form(
        policy,
        title=f"关于{NASTY[1:]}统计工作的通知",
        doc_number="测统〔2024〕\u200b1号",
        summary="摘要\u000b内容",
    )
    response = admin_client.post(f"/admin/pages/{policy.pk}/edit/", form)
    assert response.status_code == 302
    latest = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    assert (latest.title, latest.doc_number, latest.summary) == (
        "关于统计工作的通知",
        "测统〔2024〕1号",
        "摘要内容",
    )


def test_a_title_of_only_invisible_characters_is_blank_in_the_admin(admin_client, make_policy):
    policy = make_policy("关于统计工作的通知")
    response = admin_client.post(
        f"/admin/pages/{policy.pk}/edit/", policy_form(policy, title=NASTY)
    )
    assert response.status_code == 200  # the form again, with the error
    assert PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object().title == (
        "关于统计工作的通知"
    )


def test_agency_and_division_names_are_normalised(db):
    agency = Agency.objects.create(name="\u200b新设局\u202e", org_code="000099999")
    agency.divisions.create(name="办公室\u2067")
    agency.save()
    agency.refresh_from_db()
    assert agency.name == "新设局"
    assert list(agency.divisions.values_list("name", flat=True)) == ["办公室"]
    assert issubclass(type(agency), Agency) and date.today()


@pytest.mark.skipif(not apps.is_installed("plugins.messageboard"), reason="no message board")
def test_a_message_from_the_api_or_the_form_is_stored_without_them(db, client, settings):
    from plugins.messageboard.models import Message

    settings.API_RATE_LIMIT = ""
    sent = {
        "subject": "报送\u0000时间\u202e",
        "body": "请问\u000b何时报送&#8203;？",
        "name": "\u200b李",
        "contact": "13812345678",
    }
    response = client.post("/api/v1/messages", sent, content_type="application/json")
    assert response.status_code == 202, response.content
    response = client.post(
        "/messages/", {**sent, "category": "consultation", "subject": "报送时间\u202e"}
    )
    assert response.status_code == 302
    for message in Message.objects.all():
        assert (message.subject, message.body, message.name) == ("报送时间", "请问何时报送？", "李")
