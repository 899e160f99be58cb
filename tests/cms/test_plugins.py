"""The plugin system (docs/plugins.md): loading, every hook, and isolation of a failing plugin."""

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pluggy
import pytest
from django.apps import apps
from django.conf import settings

from cms.delivery.outbox import Channel, DeliveryError
from cms.extend import hookspecs, plugin_manager
from cms.extend.hookspecs import hookimpl
from cms.models import Delivery, OutboxEvent
from cms.rules.confidentiality import ERROR, WARNING, Finding
from tests.conftest import publish_reviewed

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(
    name
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(fn, "policy_cms_spec")
)


# ---- every hook is documented and tested ---------------------------------------------


def test_every_hook_has_a_docstring_and_an_entry_in_the_integrators_guide():
    guide = (ROOT / "docs" / "plugins.md").read_text()
    assert len(HOOKS) >= 9
    for name in HOOKS:
        assert (getattr(hookspecs, name).__doc__ or "").strip(), name
        assert f"`{name}(" in guide, f"docs/plugins.md does not document {name}"


def test_every_hook_has_a_test():
    tests = "".join(path.read_text() for path in (ROOT / "tests").rglob("test_*.py"))
    for name in HOOKS:
        assert f"def {name}(" in tests, f"no test implements the {name} hook"


# ---- loading -------------------------------------------------------------------------


def test_builtin_plugins_are_enabled_by_default():
    builtins = plugin_manager.builtin_plugins()
    assert builtins["channels"] == "plugins.channels"
    assert builtins["messageboard"] == "plugins.messageboard"
    assert "plugins.channels" in settings.INSTALLED_APPS
    assert plugin_manager.pm.has_plugin("channels")
    assert "channels" in {name for name, _ in plugin_manager.call_each("register_channels")}


def test_the_allowlist_picks_plugins_and_refuses_unknown_names():
    assert plugin_manager.enabled_plugins([]) == {}
    assert plugin_manager.enabled_plugins(["builtin"]) == plugin_manager.builtin_plugins()
    assert plugin_manager.enabled_plugins(["channels"]) == {"channels": "plugins.channels"}
    with pytest.raises(plugin_manager.PluginConfigurationError, match="nosuch"):
        plugin_manager.enabled_plugins(["builtin", "nosuch"])


def _django(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "policy_cms.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.once  # a fresh interpreter with its own settings: the lane does not matter
def test_disabling_every_plugin_removes_its_app_urls_and_channels():
    code = (
        "from django.conf import settings; from django.urls import get_resolver;"
        "from cms.extend import plugin_manager;"
        "print('plugins.channels' in settings.INSTALLED_APPS,"
        " 'channels' in get_resolver().namespace_dict, sorted(plugin_manager.channels()))"
    )
    result = _django(code, POLICY_PLUGINS="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "[]"]
    enabled = _django(code)
    assert enabled.stdout.split() == ["True", "True", "['mail',", "'webhook']"]


def test_an_unknown_plugin_in_the_allowlist_stops_the_start_up():
    result = _django("pass", POLICY_PLUGINS="builtin,nosuch")
    assert result.returncode != 0
    assert "POLICY_PLUGINS names unknown plugins: nosuch" in result.stderr


def test_an_unknown_hook_name_stops_the_start_up():
    with pytest.raises(pluggy.PluginValidationError, match="bundle_publishd"):
        plugin_manager.load({"typo": "tests.cms.typo_plugin"})
    plugin_manager.pm.unregister(name="typo")


# ---- check_bundle --------------------------------------------------------------------


class TitleRule:
    @hookimpl
    def check_bundle(self, policy, members):
        for member in members:
            if "待定" in member.title:
                yield Finding(ERROR, "title_rule", "标题含“待定”", member=member.title)
        if "试行" in policy.title:
            yield Finding(WARNING, "title_rule", "试行文件请确认有效期", member=policy.title)


class BrokenCheck:
    @hookimpl
    def check_bundle(self, policy):
        raise RuntimeError("dictionary service down")


def _findings(policy):
    from cms.review.bundle import submission_findings

    return submission_findings(policy, policy.get_latest_revision_as_object())


def test_plugin_checks_return_or_warn(bundle, plugin):
    plugin(TitleRule(), "title_rule")
    policy, interpretation = bundle
    interpretation.title = "解读（待定）"
    interpretation.save_revision()
    policy.title = "试行办法"
    policy.save_revision()
    findings = [f for f in _findings(policy) if f.check == "title_rule"]
    assert [(f.severity, f.member) for f in findings] == [
        (ERROR, "解读（待定）"),
        (WARNING, "试行办法"),
    ]


def test_a_crashing_check_blocks_and_the_others_still_run(bundle, plugin):
    plugin(TitleRule(), "title_rule")
    plugin(BrokenCheck(), "broken")
    policy, _ = bundle
    policy.title = "试行办法"
    policy.save_revision()
    findings = _findings(policy)
    assert any(f.check == "title_rule" for f in findings)
    [blocking] = [f for f in findings if f.check == "broken"]
    assert blocking.severity == ERROR and "broken" in blocking.message


def test_a_returned_submission_names_the_plugin_finding(client, bundle, drafter, plugin):
    from wagtail.models import WorkflowState

    from tests.cms.test_bundle_admin import policy_form

    plugin(BrokenCheck(), "broken")
    policy, _ = bundle
    client.force_login(drafter)
    response = client.post(
        f"/admin/pages/{policy.pk}/edit/",
        policy_form(policy, **{"action-submit": "1"}),
        follow=True,
    )
    assert response.status_code == 200
    assert "未提交" in response.content.decode() and "broken" in response.content.decode()
    assert not WorkflowState.objects.filter(object_id=str(policy.pk)).exists()


# ---- bundle_published / bundle_withdrawn ---------------------------------------------


class Recorder:
    def __init__(self):
        self.calls = []

    @hookimpl
    def bundle_published(self, policy, event):
        self.calls.append(("published", policy.pk, event.payload["policy"]["title"]))

    @hookimpl
    def bundle_withdrawn(self, policy, event):
        self.calls.append(("withdrawn", policy.pk, event.kind))


class Exploding:
    @hookimpl
    def bundle_published(self, policy):
        raise RuntimeError("statistics service down")

    @hookimpl
    def bundle_withdrawn(self, event):
        raise RuntimeError("statistics service down")


def test_publish_and_withdraw_hooks_run_once_after_commit_and_survive_a_failure(
    bundle, drafter, reviewers, plugin, django_capture_on_commit_callbacks
):
    recorder = Recorder()
    plugin(Exploding(), "exploding")
    plugin(recorder, "recorder")
    policy, _ = bundle
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        policy = publish_reviewed(policy, drafter, reviewers)
    assert policy.live and recorder.calls == []  # nothing happens inside the transaction
    for callback in callbacks:
        callback()
    assert recorder.calls == [("published", policy.pk, policy.title)]

    with django_capture_on_commit_callbacks(execute=True):
        policy.unpublish()
    assert recorder.calls[-1] == ("withdrawn", policy.pk, "bundle.withdrawn")
    # A second dispatch (the sweep) does not call the hooks again.
    for event in OutboxEvent.objects.all():
        from cms.delivery.outbox import dispatch

        dispatch(event.pk)
    assert len(recorder.calls) == 2


# ---- extra_api_fields / extra_search_fields ------------------------------------------


class Validity:
    @hookimpl
    def extra_api_fields(self, policy, request):
        return {"validity": "in_force", "path": request.path if request else None}

    @hookimpl
    def extra_search_fields(self, policy):
        return {"validity": "in_force", "year": policy.issued_on.year}


class BadFields:
    @hookimpl
    def extra_api_fields(self, policy):
        raise KeyError("validity")

    @hookimpl
    def extra_search_fields(self):
        return ["not", "a", "dict"]


def test_extra_fields_are_namespaced_and_a_failing_plugin_is_left_out(make_policy, plugin, rf):
    plugin(Validity(), "status_demo")
    plugin(BadFields(), "bad")
    policy = make_policy()
    request = rf.get("/api/v1/policies/1")
    fields = plugin_manager.extra_api_fields(policy, request)
    assert fields["status_demo"] == {"validity": "in_force", "path": "/api/v1/policies/1"}
    assert "bad" not in fields
    fields = plugin_manager.extra_search_fields(policy)
    assert fields["status_demo"] == {"validity": "in_force", "year": 2024}
    assert "bad" not in fields


# ---- periodic_tasks ------------------------------------------------------------------


class Sweeper:
    @hookimpl
    def periodic_tasks(self):
        return {"validity-sweep": {"task": "validity.tasks.sweep", "schedule": 3600.0}}


def test_periodic_tasks_are_prefixed_and_the_core_schedule_is_in_beat(plugin):
    from policy_cms.celery import app

    plugin(Sweeper(), "sweeper")
    tasks = plugin_manager.periodic_tasks()
    assert tasks["sweeper:validity-sweep"] == {
        "task": "validity.tasks.sweep",
        "schedule": 3600.0,
    }
    assert app.conf.beat_schedule["sweep-outbox"]["task"] == "cms.tasks.sweep_outbox"


# ---- register_channels ---------------------------------------------------------------


class ArchiveChannel(Channel):
    name = "archive"
    label = "Archive"

    def __init__(self):
        self.sent = []

    def recipients(self, event):
        return [("shelf", "档案室")]

    def send(self, event, recipient, idempotency_key):
        self.sent.append((event.kind, recipient, idempotency_key))
        return "filed"


class BrokenChannel(Channel):
    name = "broken"

    def recipients(self, event):
        raise DeliveryError("directory unavailable")


class ChannelPlugin:
    def __init__(self, *channels):
        self.channels = channels

    @hookimpl
    def register_channels(self):
        return list(self.channels)


def test_a_registered_channel_delivers_and_a_broken_one_is_isolated(
    make_policy, plugin, django_capture_on_commit_callbacks
):
    from cms.review.bundle import publish_bundle

    archive = ArchiveChannel()
    plugin(ChannelPlugin(archive, BrokenChannel()), "archive")
    with django_capture_on_commit_callbacks(execute=True):
        policy = make_policy(live=False)
        publish_bundle(policy)
    [(kind, recipient, key)] = archive.sent
    assert (kind, recipient) == ("bundle.published", "shelf")
    assert Delivery.objects.get(channel="archive").state == Delivery.State.DELIVERED
    assert str(Delivery.objects.get(channel="archive").idempotency_key) == key
    # The broken channel keeps the event undispatched, so the sweep asks it again.
    assert OutboxEvent.objects.get().dispatched_at is None


# ---- public_urls / page_head_links ---------------------------------------------------


class Broken:
    @hookimpl
    def page_head_links(self, page, request):
        raise RuntimeError("boom")

    @hookimpl
    def site_links(self, request):
        raise RuntimeError("boom")


class Extra:
    @hookimpl
    def page_head_links(self, page):
        return [{"rel": "alternate", "href": f'/x/{page.pk}"><script>', "type": "text/plain"}]


def test_head_links_render_escaped_and_a_failing_plugin_keeps_the_page(client, make_policy, plugin):
    plugin(Broken(), "broken")
    plugin(Extra(), "extra")
    policy = make_policy()
    response = client.get(policy.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="application/rss+xml" href="/feeds/policies.rss"' in html
    assert f'href="/feeds/agencies/{policy.agency_id}.atom"' in html
    assert f"/x/{policy.pk}&quot;&gt;&lt;script&gt;" in html and "<script>" not in html


class FooterLink:
    @hookimpl
    def site_links(self, request):
        return [{"label": "<b>办事</b>", "href": "/x/?a=1&b=2"}, {"label": "no href"}]


def test_site_links_render_escaped_in_every_footer(client, make_policy, plugin):
    plugin(Broken(), "broken")
    plugin(FooterLink(), "footer")
    response = client.get(make_policy().url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/x/?a=1&amp;b=2">&lt;b&gt;办事&lt;/b&gt;</a>' in html
    assert "no href" not in html
    assert 'href="/subscribe/"' in client.get("/search/").content.decode()


def test_public_urls_are_mounted_before_the_page_tree(client, make_policy):
    make_policy()
    assert client.get("/feeds/policies.rss").status_code == 200


def public_urls():  # the channels plugin implements it; named here for the coverage test
    from plugins.channels.hooks import public_urls as implementation

    return implementation()


def test_the_channels_plugin_public_urls_include_the_feeds():
    names = {p.name for resolver in public_urls() for p in resolver.url_patterns}
    assert {"policies-rss", "policies-atom", "agency-rss", "topic-atom"} <= names


# ---- demo_loaded ---------------------------------------------------------------------


def demo_loaded(base_url):  # the channels plugin implements it; named here for the coverage test
    from plugins.channels.hooks import demo_loaded as implementation

    return implementation(base_url)


def test_demo_loaded_subscribes_the_test_receiver(db, settings):
    from plugins.channels.models import MailSubscription, WebhookSubscription

    settings.WEBHOOK_TEST_RECEIVER_SECRET = "demo"
    demo_loaded("http://127.0.0.1:8123")
    demo_loaded("http://127.0.0.1:8123")  # idempotent
    hook = WebhookSubscription.objects.get()
    assert hook.url == "http://127.0.0.1:8123/channels/webhook-test/" and hook.secret == "demo"
    assert MailSubscription.objects.count() == 1


def test_the_test_receiver_checks_the_signature(client, settings):
    from plugins.channels.webhooks import sign

    settings.WEBHOOK_TEST_RECEIVER_SECRET = "demo"
    body = json.dumps({"event": "bundle.published", "policy": {"title": "t"}}).encode()
    ok = client.post(
        "/channels/webhook-test/",
        body,
        content_type="application/json",
        headers={"X-PolicyCMS-Signature": sign("demo", body)},
    )
    forged = client.post(
        "/channels/webhook-test/",
        body,
        content_type="application/json",
        headers={"X-PolicyCMS-Signature": sign("guess", body)},
    )
    assert (ok.status_code, forged.status_code) == (200, 401)
    assert forged.json()["message"] == "签名无效"


# ---- extra_search_fields_batch / extra_search_text_batch -----------------------------


class Batched:
    """The batch forms, counting their calls; the single forms must not be asked."""

    def __init__(self):
        self.calls = 0

    @hookimpl
    def extra_search_fields(self, policy):
        raise AssertionError("the batch form answers")

    @hookimpl
    def extra_search_fields_batch(self, policies):
        self.calls += 1
        return {p.pk: {"even": p.pk % 2 == 0} for p in policies if p.title != "无"}

    @hookimpl
    def extra_search_text_batch(self, policies):
        self.calls += 1
        return {p.pk: f"{p.title}的批量词" for p in policies}


class SingleOnly:
    @hookimpl
    def extra_search_fields(self, policy):
        return {"title": policy.title}

    @hookimpl
    def extra_search_text(self, policy):
        return "单个词" if policy.title == "无" else None


class BrokenBatch:
    @hookimpl
    def extra_search_fields_batch(self, policies):
        raise RuntimeError("down")

    @hookimpl
    def extra_search_text_batch(self, policies):
        return ["not", "a", "dict"]


def test_batch_forms_answer_for_many_and_single_forms_stay_asked(make_policy, plugin):
    batched = Batched()
    plugin(batched, "batched")
    plugin(SingleOnly(), "single")
    plugin(BrokenBatch(), "broken")
    policies = [make_policy("有"), make_policy("无")]
    fields = plugin_manager.extra_search_fields_of(policies)
    texts = plugin_manager.extra_search_text_of(policies)
    assert batched.calls == 2  # once per hook for both policies
    first, second = policies
    assert fields[first.pk]["batched"] == {"even": first.pk % 2 == 0}
    assert "batched" not in fields[second.pk]
    assert fields[second.pk]["single"] == {"title": "无"}
    assert not any("broken" in each for each in fields.values())
    assert texts == {first.pk: "有的批量词", second.pk: "无的批量词\n单个词"}


# ---- extra_search_text, policy_page_sections, api_routers ----------------------------


class Glossary:
    @hookimpl
    def extra_search_text(self, policy):
        return f"{policy.title}的常见问答：蝴蝶兰怎样申报"

    @hookimpl
    def policy_page_sections(self, policy, request):
        from django.utils.html import format_html

        return [format_html("<section class='glossary'>{}</section>", policy.title), "<b>x</b>"]

    @hookimpl
    def api_routers(self):
        from ninja import Router

        return [Router(tags=["glossary"])]


class BrokenGlossary:
    @hookimpl
    def extra_search_text(self, policy):
        raise RuntimeError("glossary down")

    @hookimpl
    def policy_page_sections(self, policy, request):
        raise RuntimeError("glossary down")


def test_plugin_text_finds_the_policy(
    client, publish_policy, plugin, django_capture_on_commit_callbacks
):
    from search.documents import document_for

    plugin(Glossary(), "glossary")
    plugin(BrokenGlossary(), "broken")
    with django_capture_on_commit_callbacks(execute=True):
        policy = publish_policy("关于花卉统计的通知")
    assert "蝴蝶兰" in document_for(policy.pk)["extra_n"]
    hits = client.get("/api/v1/search", {"q": "蝴蝶兰"}).json()["hits"]
    assert [hit["id"] for hit in hits] == [policy.pk]


def test_plugin_sections_render_under_the_policy_escaped_unless_safe(
    client, publish_policy, plugin
):
    plugin(Glossary(), "glossary")
    plugin(BrokenGlossary(), "broken")
    policy = publish_policy("关于花卉统计的通知")
    page = client.get(policy.url).content.decode()
    assert "<section class='glossary'>关于花卉统计的通知</section>" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page


def test_plugin_routers_are_collected_and_mounted(client, plugin):
    plugin(Glossary(), "glossary")
    routers = plugin_manager.api_routers()
    assert any(router.tags == ["glossary"] for router in routers)
    # The built-in message board's router, when enabled, is in the API and its schema.
    paths = json.loads(client.get("/api/v1/openapi.json").content)["paths"]
    assert ("/api/v1/messages" in paths) == apps.is_installed("plugins.messageboard")


# ---- policy_notices, policy_metadata, policy_filters, policy_panels ------------------


class Status:
    @hookimpl
    def policy_notices(self, policy, request):
        from django.utils.html import format_html

        return [
            format_html("<aside class='status'>《{}》已停止执行</aside>", policy.title),
            "<b>x</b>",
        ]

    @hookimpl
    def policy_metadata(self, policy):
        return [("执行状态", "<停止>"), ("复核", "2026")]

    @hookimpl
    def policy_actions(self, policy, request):
        from django.utils.html import format_html

        return [format_html("<a class='apply' href='/apply/{}'>办</a>", policy.pk), "<i>y</i>"]

    @hookimpl
    def policy_badges(self, policies):
        return {p.pk: "<停止>" for p in policies if "停止" in p.title}

    @hookimpl
    def policy_filters(self):
        from cms.extend.policy_filters import PolicyFilter

        def narrow(policies, value):
            return policies.filter(title__contains="停止") if value == "stopped" else policies

        return [PolicyFilter("status", "执行状态", [("stopped", "已停止")], narrow)]

    @hookimpl
    def policy_panels(self):
        from wagtail.admin.panels import FieldPanel

        return [FieldPanel("summary", heading="执行情况")]


class BrokenStatus:
    @hookimpl
    def policy_notices(self, policy, request):
        raise RuntimeError("status down")

    @hookimpl
    def policy_metadata(self, policy):
        return ["not a pair"]


def test_plugin_notices_and_metadata_rows_show_on_the_policy_page(client, publish_policy, plugin):
    plugin(Status(), "status")
    plugin(BrokenStatus(), "broken")
    policy = publish_policy("关于停止执行统计报表的通知", interpretations=[{"body": []}])
    html = client.get(policy.url).content.decode()
    button = f"<a class='apply' href='/apply/{policy.pk}'>办</a>"
    assert button in html and "&lt;i&gt;y&lt;/i&gt;" in html
    assert html.index("<h1>") < html.index(button)  # under the title
    interpretation = policy.get_children().live().get()
    assert button in client.get(interpretation.url).content.decode()
    assert "<aside class='status'>《关于停止执行统计报表的通知》已停止执行</aside>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html  # a plain string is escaped
    assert html.index("class='status'") < html.index("<h1>")  # before the text
    assert "<th>执行状态</th><td>&lt;停止&gt;</td><th>复核</th><td>2026</td>" in html


def test_plugin_filters_narrow_the_library_and_offer_a_select(
    client, publish_policy, plugin, agency
):
    from cms.extend.policy_filters import narrow

    plugin(Status(), "status")
    stopped = publish_policy("关于停止执行统计报表的通知")
    running = publish_policy("关于统计报表的通知")
    library = client.get(agency.library.url, {"status": "stopped"}).content.decode()
    assert '<select name="status">' in library and "已停止" in library
    assert stopped.title in library and running.title not in library
    everything = client.get(agency.library.url, {"status": "nonsense"}).content.decode()
    assert stopped.title in everything and running.title in everything
    assert everything.count('<span class="badge">&lt;停止&gt;</span>') == 1
    items = client.get("/api/v1/policies").json()["items"]
    badges = {item["title"]: item["badges"] for item in items}
    assert "<停止>" in badges[stopped.title] and "<停止>" not in badges[running.title]
    policies = type(stopped).objects.live()
    assert list(narrow(policies, {"status": "stopped"})) == [stopped]


def test_plugin_panels_are_collected_for_the_edit_view(plugin):
    plugin(Status(), "status")
    panels = plugin_manager.policy_panels()
    assert [panel.heading for panel in panels if panel.heading == "执行情况"] == ["执行情况"]


# ---- policy_notes ----------------------------------------------------------------------


class Hearings:
    """Notes a public hearing on every policy of a list, asked once for all of them."""

    calls = 0

    @hookimpl
    def policy_notes(self, policies):
        from cms.extend.policy_notes import PolicyNote

        Hearings.calls += 1
        return {
            p.pk: [
                PolicyNote(
                    "本文件曾于2026年1月5日至2月4日公开征求意见，共收到意见 3 条，采纳 1 条。",
                    url=f"/hearings/{p.pk}/",
                    link_text="<意见采纳情况>",
                    citation="《草案》意见采纳情况反馈",
                    admin_url=f"/admin/hearings/{p.pk}/",
                    admin_text="打开听证",
                    kind="hearing",
                ),
                PolicyNote("第二轮征求意见尚未反馈", public=False),
            ]
            for p in policies
        }


class BrokenHearings:
    @hookimpl
    def policy_notes(self, policies):
        return {p.pk: ["not a note"] for p in policies}


def test_plugin_notes_show_on_the_page_the_api_the_editors_and_the_interpretation(
    client, admin_client, publish_policy, plugin
):
    plugin(Hearings(), "hearings")
    plugin(BrokenHearings(), "broken")
    policy = publish_policy("关于听证的通知", interpretations=[{"body": []}])
    interpretation = policy.get_children().live().get()
    Hearings.calls = 0
    html = client.get(policy.url).content.decode()
    assert Hearings.calls == 1
    assert '<p class="notice policy-note policy-note-hearings">本文件曾于2026年1月5日' in html
    assert f'<a href="/hearings/{policy.pk}/">&lt;意见采纳情况&gt;</a>' in html
    assert html.index("policy-note-hearings") < html.index('<div class="body">')
    assert "第二轮" not in html and "not a note" not in html

    [note] = client.get(f"/api/v1/policies/{policy.pk}").json()["notes"]
    assert note["plugin"] == "hearings" and note["kind"] == "hearing"
    assert note["url"] == f"http://testserver/hearings/{policy.pk}/"
    assert note["citation"] == "《草案》意见采纳情况反馈" and "admin_url" not in note

    cited = client.get(interpretation.url).content.decode()
    assert f'<a href="/hearings/{policy.pk}/">《草案》意见采纳情况反馈</a>' in cited

    editor = admin_client.get(f"/admin/pages/{policy.pk}/edit/").content.decode()
    assert f'<a href="/admin/hearings/{policy.pk}/">打开听证</a>' in editor
    assert "第二轮征求意见尚未反馈" in editor  # the edit view shows the private note too
    interpretation_editor = admin_client.get(f"/admin/pages/{interpretation.pk}/edit/")
    assert "《草案》意见采纳情况反馈" in interpretation_editor.content.decode()
    new_one = admin_client.get(f"/admin/pages/add/interpretations/interpretationpage/{policy.pk}/")
    assert "《草案》意见采纳情况反馈" in new_one.content.decode()


# ---- import_record -------------------------------------------------------------------


class Archive:
    """Keeps the old system's archive code (``archive``) in the policy's search description."""

    @hookimpl
    def import_record(self, policy, data):
        from django.core.exceptions import ValidationError

        if "archive" not in data:
            return None
        code = data["archive"]
        if not str(code).isdigit():
            raise ValidationError(f"档案号“{code}”必须是数字")
        wanted = f"档案号 {code}"
        if policy.search_description == wanted:
            return False
        policy.search_description = wanted
        return True


class BrokenImport:
    @hookimpl
    def import_record(self, policy, data):
        if data.get("archive") == "0":
            raise KeyError("archive")
        return None


def test_plugins_read_their_fields_of_an_imported_line_and_refuse_bad_values(division, plugin):
    from cms.importing.importer import import_policies
    from cms.models import PolicyPage

    plugin(Archive(), "archive")
    plugin(BrokenImport(), "broken")

    def line(number, archive):
        return json.dumps(
            {
                "title": f"第{number}号通知",
                "doc_number": f"测统〔2024〕{number}号",
                "agency": "测试市统计局",
                "division": "综合处",
                "issued_on": "2024-05-01",
                "archive": archive,
            },
            ensure_ascii=False,
        )

    lines = [line(1, "1001"), line(2, "A-7"), line(3, "0"), line(4, "1004")]
    result = import_policies(lines, publish=True)
    assert (result.created, result.failed) == (2, 2)
    assert result.errors[0] == (2, "档案号“A-7”必须是数字")
    assert result.errors[1][0] == 3 and "broken" in result.errors[1][1]
    stored = PolicyPage.objects.get(doc_number="测统〔2024〕4号")
    assert stored.search_description == "档案号 1004"
    assert stored.get_latest_revision_as_object().search_description == "档案号 1004"
    assert not PolicyPage.objects.filter(doc_number="测统〔2024〕2号").exists()

    again = import_policies([lines[0], line(4, "1005")], publish=True)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert PolicyPage.objects.get(doc_number="测统〔2024〕4号").search_description == "档案号 1005"
