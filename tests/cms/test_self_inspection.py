"""The self-inspection (网站自查, issue 30 item 7): each core indicator driven to a warning
or a veto risk by real data and back to ok, read through Reports → 网站自查, the API
``/api/v1/ops/self-inspection`` and the daily mail to the editorial directors; the
internal link patrol against a real local HTTP server."""

import re
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms.access.roles import Role
from cms.models import BrokenInternalLink, PolicyAttachment, PolicyPage, SiteIdentity, VetoAlert
from cms.tasks import patrol_internal_links, self_inspection
from tests.cms.conftest import IDENTITY

pytestmark = pytest.mark.django_db
CHINA = ZoneInfo("Asia/Shanghai")
TOKEN = "ops-token-for-tests-0123456789"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CHINA)


@pytest.fixture
def people(roles, django_user_model):
    """A web editor (who opens the report) and an editorial director (who is mailed)."""
    editor = django_user_model.objects.create_user(
        "editor", password="pw", email="editor@example.invalid"
    )
    editor.groups.add(Group.objects.get(name=Role.WEB_EDITOR))
    director = django_user_model.objects.create_user(
        "director", password="pw", email="director@example.invalid"
    )
    director.groups.add(Group.objects.get(name=Role.EDITORIAL_DIRECTOR))
    drafter = django_user_model.objects.create_user("plain", password="pw")
    drafter.groups.add(Group.objects.get(name=Role.DRAFTER))
    return editor, director, drafter


def rows(client, site) -> dict[str, tuple[str, str]]:
    """Reports → 网站自查 as the editor sees it: key → (status, the row's text)."""
    response = client.get(f"/admin/reports/self-inspection/?site={site.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    found = {}
    for match in re.finditer(
        r'<tr id="indicator-[^"]*" class="[^"]*" data-key="([^"]+)" data-status="(\w+)">(.*?)</tr>',
        html,
        re.S,
    ):
        found[match.group(1)] = (match.group(2), match.group(3))
    return found


def api(client, **headers):
    return client.get("/api/v1/ops/self-inspection", **headers)


def indicators_of(answer, site) -> dict:
    [entry] = [s for s in answer["sites"] if s["id"] == site.pk]
    return {i["key"]: i for i in entry["indicators"]}


def test_stale_columns_interpretations_identity_through_the_view_the_api_and_the_mail(
    site, people, publish_policy, make_interpretation, client, time_machine, settings
):
    editor, _director, drafter = people
    settings.OPS_API_TOKEN = TOKEN
    settings.SITE_BASE_URL = "https://tjj.example.gov.cn"
    time_machine.move_to(at("2026-03-02 10:00"))  # a Monday
    normative = publish_policy("关于规范统计调查的办法", doc_type="normative")
    publish_policy("关于统计报表的通知")

    # A fresh site: the home is updated; the normative document has no interpretation,
    # the identity is empty, the annual report column (made with the agency) is empty.
    client.force_login(editor)
    shown = rows_as(client, editor, site)
    assert shown["columns.home"][0] == "ok"
    assert shown["interpretations"][0] == "warning"
    assert "关于规范统计调查的办法" in shown["interpretations"][1]
    assert f"/admin/pages/{normative.pk}/edit/" in shown["interpretations"][1]
    assert shown["identity"][0] == "warning" and "网站标识码" in shown["identity"][1]
    assert shown["columns.stale"][0] == "ok"
    assert not [key for key, (status, _text) in shown.items() if status == "veto"]

    # An interpretation published six working days later is late (3 allowed).
    time_machine.move_to(at("2026-03-10 10:00"))
    make_interpretation(PolicyPage.objects.get(pk=normative.pk), "《办法》解读")
    shown = rows_as(client, editor, site)
    assert shown["interpretations"][0] == "warning"
    assert "晚于 2026-03-05" in shown["interpretations"][1]

    # Seven months later nothing new: the home page (14 days) is a veto risk, the
    # library (183 days) a stale column.
    time_machine.move_to(at("2026-10-12 07:00"))
    shown = rows_as(client, editor, site)
    assert shown["columns.home"][0] == "veto"
    assert "首页 14 天内没有新发布的信息" in shown["columns.home"][1]
    assert shown["columns.stale"][0] == "warning"
    library = normative.get_parent()
    assert f"/admin/pages/{library.pk}/edit/" in shown["columns.stale"][1]

    # The API: a token, or a signed-in editor; nobody else.
    client.logout()
    assert api(client).status_code == 401
    assert api(client, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    answer = api(client, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200 and answer["Cache-Control"] == "private, no-store"
    data = answer.json()
    assert data["status"] == "veto"
    found = indicators_of(data, site)
    assert found["columns.home"]["status"] == "veto"
    assert found["columns.home"]["status_label"] == "单项否决风险"
    assert found["columns.stale"]["evidence"][0]["url"] == (
        f"https://tjj.example.gov.cn/admin/pages/{library.pk}/edit/"
    )
    assert {k: v["status"] for k, v in found.items()} == {
        k: v[0] for k, v in rows_as(client, editor, site).items()
    }
    client.force_login(drafter)
    assert api(client).status_code == 403
    assert client.get("/admin/reports/self-inspection/").status_code in (302, 403)

    # The daily task mails the director the new veto risk, once.
    mail.outbox.clear()
    self_inspection.delay().get()
    (message,) = mail.outbox
    assert message.to == ["director@example.invalid"]
    assert "单项否决风险" in message.subject and "首页更新" in message.body
    assert f"https://tjj.example.gov.cn/admin/reports/self-inspection/?site={site.pk}" in (
        message.body
    )
    self_inspection.delay().get()
    assert len(mail.outbox) == 1  # the same risk the next day: no second mail
    assert list(VetoAlert.objects.values_list("key", flat=True)) == ["columns.home"]

    # Back to ok: something new on the home page, the identity filled in.
    publish_policy("关于统计执法检查的通知")
    SiteIdentity.objects.update_or_create(site=site, defaults=IDENTITY)
    self_inspection.delay().get()
    assert not VetoAlert.objects.exists() and len(mail.outbox) == 1
    shown = rows_as(client, editor, site)
    assert shown["columns.home"][0] == "ok" and shown["columns.stale"][0] == "ok"
    missing = SiteIdentity.objects.get(site=site).missing()
    assert shown["identity"][0] == ("warning" if missing else "ok")

    # The risk comes back a month later: mailed again.
    time_machine.move_to(at("2026-11-20 07:00"))
    self_inspection.delay().get()
    assert len(mail.outbox) == 2 and "首页更新" in mail.outbox[1].body


def rows_as(client, user, site):
    client.force_login(user)
    return rows(client, site)


def recheck(client, user, site) -> str:
    """重新检查 as ``user``: the live pages scanned again; the report's page after it."""
    client.force_login(user)
    response = client.post(f"/admin/reports/self-inspection/?site={site.pk}", follow=True)
    assert response.redirect_chain[-1][1] == 302
    return response.content.decode()


def test_empty_columns_reach_the_veto_at_five(site, people, agency, client, settings):
    from cms.models import Agency

    editor = people[0]
    settings.SELF_INSPECTION_EMPTY_VETO = 5
    shown = rows_as(client, editor, site)
    assert shown["columns.empty"][0] == "warning"  # the agency's library has nothing yet
    assert agency.library.title in shown["columns.empty"][1]
    for n in range(4):  # each agency's library is a column of its own
        Agency.objects.create(name=f"测试市第{n}局", short_name=f"测{n}", org_code=f"00001435{n}")
    shown = rows_as(client, editor, site)
    assert shown["columns.empty"][0] == "veto" and "测试市第3局" in shown["columns.empty"][1]


class Answers(BaseHTTPRequestHandler):
    """/ok answers 200, /moved redirects to /ok, anything else 404."""

    def answer(self, body: bool):
        path = self.path.split("?")[0]
        status = {"/ok": 200, "/moved": 301}.get(path, self.server.answers.get(path, 404))
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "/ok")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    server.daemon_threads = True
    server.answers = {}
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.OUTBOUND_ALLOWED_DESTINATIONS = [f"127.0.0.1:{server.server_address[1]}"]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_internal_link_patrol_finds_broken_links_and_attachments(
    site, people, publish_policy, make_policy, server, client, settings
):
    editor = people[0]
    draft = make_policy("未发布的草稿", live=False)
    other = publish_policy("关于统计报表的通知")
    document = get_document_model().objects.create(
        title="附件一", file=ContentFile(b"%PDF-1.4 test", name="fujian.pdf")
    )
    body = (
        f'<p><a href="{server.url}/ok">有效</a> <a href="{server.url}/moved">跳转</a> '
        f'<a href="{server.url}/gone">失效</a> <a linktype="page" id="{draft.pk}">草稿</a> '
        f'<a linktype="page" id="{other.pk}">通知</a> '
        f'<a href="{other.url}">站内地址</a> <a href="/no-such-page/">不存在</a> '
        '<a href="mailto:tjj@example.gov.cn">邮件</a></p>'
    )
    policy = publish_policy("关于统计调查的办法", body=body)
    PolicyAttachment.objects.create(page=policy, document=document)

    shown = rows_as(client, editor, site)
    assert shown["links.internal"][0] == "warning" and "尚未运行" in shown["links.internal"][1]

    counts = patrol_internal_links.delay().get()[site.hostname]
    broken = {b.url: b.reason for b in BrokenInternalLink.objects.filter(page=policy)}
    assert counts["broken"] == 3, broken
    assert broken == {
        f"{server.url}/gone": "HTTP 404",
        f"page:{draft.pk}": "所链接的页面未发布或已撤回",
        "/no-such-page/": "站内地址不存在",
    }
    shown = rows_as(client, editor, site)
    assert shown["links.internal"][0] == "warning"
    assert f"{server.url}/gone" in shown["links.internal"][1]
    assert f"/admin/pages/{policy.pk}/edit/" in shown["links.internal"][1]

    # The attachment's file disappears from the storage: found on the next run.
    document.file.storage.delete(document.file.name)
    patrol_internal_links.delay().get()
    assert BrokenInternalLink.objects.get(kind="attachment").reason == "文件缺失（存储中找不到）"

    # Repaired: the address answers, the draft is published, the text is fixed, the file
    # is back; the next run finds nothing and the indicator is ok again.
    server.answers["/gone"] = 200
    draft.save_revision().publish()
    revision = PolicyPage.objects.get(pk=policy.pk)
    revision.body = body.replace('<a href="/no-such-page/">不存在</a>', "")
    revision.save_revision().publish()
    document.file.save("fujian.pdf", ContentFile(b"%PDF-1.4 again"))
    patrol_internal_links.delay().get()
    assert not BrokenInternalLink.objects.exists()
    assert rows_as(client, editor, site)["links.internal"][0] == "ok"
    client.logout()
    settings.OPS_API_TOKEN = TOKEN
    found = indicators_of(api(client, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").json(), site)
    assert found["links.internal"]["status"] == "ok"


def test_a_plugin_contributes_an_indicator_through_the_hook(site, people, client):
    from cms.extend.hookspecs import hookimpl
    from cms.extend.inspection import VETO, Evidence, Indicator
    from cms.extend.plugin_manager import pm

    class Plugin:
        @hookimpl
        def self_inspection_indicators(self, site):
            return [
                Indicator(
                    "example.check", "示例检查", VETO, "示例问题。", [Evidence("证据", "/x/")]
                )
            ]

    plugin = Plugin()
    pm.register(plugin, name="example_inspection")
    try:
        shown = rows_as(client, people[0], site)
    finally:
        pm.unregister(plugin)
    assert shown["example.check"][0] == "veto" and 'href="/x/"' in shown["example.check"][1]


def test_a_serious_error_published_anyway_is_a_veto_risk_until_republished_corrected(
    site, people, make_policy, make_interpretation, client, django_capture_on_commit_callbacks
):
    """An entry added after review passed: the publication records the finding as
    published (the review's own path), the self-inspection shows it; a corrected
    republication clears it."""
    from wagtail.rich_text import RichText

    from cms.models import SeriousErrorEntry
    from cms.review.bundle import publish_bundle
    from tests.conftest import INTERPRETATION_TEXT

    editor = people[0]
    policy = make_policy(
        "关于统计调查的办法", live=False, doc_type="normative",
        body="<p>由测试市统记局负责解释。</p>",
    )  # fmt: skip
    make_interpretation(
        policy, "《办法》解读", live=False, stage="synchronous",
        body=[("paragraph", RichText(f"<p>{INTERPRETATION_TEXT}</p>"))],
    )  # fmt: skip
    SeriousErrorEntry.objects.create(wrong="测试市统记局", right="测试市统计局", serious=True)
    with django_capture_on_commit_callbacks(execute=True):
        publish_bundle(PolicyPage.objects.get(pk=policy.pk))
    status, text = rows_as(client, editor, site)["serious_errors"]
    assert status == "veto"
    assert "“测试市统记局”应为“测试市统计局”" in text and f"/admin/pages/{policy.pk}/edit/" in text

    corrected = PolicyPage.objects.get(pk=policy.pk)
    corrected.body = "<p>由测试市统计局负责解释。</p>"
    corrected.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        publish_bundle(PolicyPage.objects.get(pk=policy.pk))
    recheck(client, editor, site)
    assert rows_as(client, editor, site)["serious_errors"][0] == "ok"


def test_an_entry_added_after_review_is_found_on_the_live_pages_by_the_daily_task(
    site, people, publish_policy, make_interpretation, client, admin_user
):
    """The live policies, interpretations and attachments are scanned against the list
    as it stands: an expression added after the pages went live is a veto risk (严重)
    or a warning, with the page, the wrong and the right expression; an interpretation's
    title keeps its own 《》."""
    from wagtail.rich_text import RichText

    from cms.models import SeriousErrorEntry
    from tests.conftest import INTERPRETATION_TEXT

    editor = people[0]
    policy = publish_policy("关于统计调查的办法", body="<p>由测试市统记局负责解释。</p>")
    document = get_document_model().objects.create(
        title="实施方案", file=ContentFile("第一条 报表须依时报迭。".encode(), name="fa.txt")
    )
    PolicyAttachment.objects.create(page=policy, document=document, title="实施方案")
    interpretation = make_interpretation(
        policy, "《办法》解读",
        body=[("paragraph", RichText(f"<p>{INTERPRETATION_TEXT}各部门要通立合作。</p>"))],
    )  # fmt: skip
    self_inspection.delay().get()
    assert rows_as(client, editor, site)["serious_errors"][0] == "ok"

    client.force_login(admin_user)
    for wrong, right, serious in [
        ("测试市统记局", "测试市统计局", True),
        ("依时报迭", "依时报送", True),
        ("通立合作", "通力合作", False),
    ]:
        data = {"wrong": wrong, "right": right, "note": "测试"} | (
            {"serious": "on"} if serious else {}
        )
        assert client.post("/admin/snippets/cms/seriouserrorentry/add/", data).status_code == 302
    assert SeriousErrorEntry.objects.filter(wrong__in=["依时报迭", "通立合作"]).count() == 2

    self_inspection.delay().get()
    assert VetoAlert.objects.filter(site=site, key="serious_errors").exists()
    assert any("严重错误" in m.body and "依时报迭" in m.body for m in mail.outbox)
    status, text = rows_as(client, editor, site)["serious_errors"]
    assert status == "veto"
    assert "“测试市统记局”应为“测试市统计局”" in text and "“依时报迭”应为“依时报送”" in text
    assert "附件“实施方案”" in text and f"/admin/pages/{policy.pk}/edit/" in text
    assert "“通立合作”应为“通力合作”" in text and f"/admin/pages/{interpretation.pk}/edit/" in text
    assert "《办法》解读" in text and "《《" not in text

    # Corrected and republished: the warning stays, the veto risk goes; then ok.
    fixed = PolicyPage.objects.get(pk=policy.pk)
    fixed.body = "<p>由测试市统计局负责解释。</p>"
    fixed.attachments.all().delete()
    fixed.save_revision().publish()
    recheck(client, editor, site)
    status, text = rows_as(client, editor, site)["serious_errors"]
    assert status == "warning" and "测试市统记局" not in text and "通立合作" in text
    draft = interpretation.get_latest_revision_as_object()
    draft.body = [("paragraph", RichText(f"<p>{INTERPRETATION_TEXT}</p>"))]
    draft.save_revision().publish()
    recheck(client, editor, site)
    assert rows_as(client, editor, site)["serious_errors"][0] == "ok"


def test_the_report_shows_the_last_scan_with_its_time_until_checked_again(
    site, people, publish_policy, client, time_machine
):
    """A publication after the last scan does not make the report scan the whole site on
    its next view: it shows the last scan, its time and that pages changed since;
    重新检查 scans the live pages again."""
    from django.core.cache import cache

    from cms.models import SeriousErrorEntry

    editor = people[0]
    SeriousErrorEntry.objects.create(wrong="测试市统记局", right="测试市统计局", serious=True)
    time_machine.move_to(at("2026-11-02 07:00"))
    publish_policy("关于统计调查的通知", body="<p>由测试市统计局负责解释。</p>")
    self_inspection.delay().get()
    client.force_login(editor)
    page = client.get(f"/admin/reports/self-inspection/?site={site.pk}").content.decode()
    assert "已发布页面的错误表述：按 2026-11-02 07:00 的检查结果。" in page
    assert rows(client, site)["serious_errors"][0] == "ok"

    time_machine.move_to(at("2026-11-02 09:30"))
    publish_policy("关于统计执法的通知", body="<p>由测试市统记局负责解释。</p>")
    cache.clear()  # a restart, a flushed Redis: the last scan is kept in the database
    page = client.get(f"/admin/reports/self-inspection/?site={site.pk}").content.decode()
    assert "按 2026-11-02 07:00 的检查结果，此后有页面发布、撤回或清单修改。" in page
    assert rows(client, site)["serious_errors"][0] == "ok"  # the last scan, not a new one

    page = recheck(client, editor, site)
    assert "已重新检查已发布页面。" in page
    assert "已发布页面的错误表述：按 2026-11-02 09:30 的检查结果。" in page
    status, text = rows(client, site)["serious_errors"]
    assert status == "veto" and "“测试市统记局”应为“测试市统计局”" in text
    drafter = people[2]
    client.force_login(drafter)
    refused = client.post(f"/admin/reports/self-inspection/?site={site.pk}")
    assert refused.status_code in (302, 403)  # not a reviewer: no scan on demand


def test_a_page_tag_gap_is_listed_once(site, people, publish_policy, client):
    """No identity: every page's 网站标识码 is empty; each page (a column among the newest
    pages too) is named once."""
    publish_policy("关于统计报表的通知")
    status, text = rows_as(client, people[0], site)["sitemap"]
    assert status == "warning"
    labels = re.findall(r"《[^<]*?》的网页标签为空", text)
    assert labels and len(labels) == len(set(labels)), labels


def test_the_report_page_reads_in_chinese_from_the_catalogue(site, people, client):
    """Its headings, help and counts are translated strings, not literals in the template."""
    editor, _director, _drafter = people
    client.force_login(editor)
    html = client.get(f"/admin/reports/self-inspection/?site={site.pk}").content.decode()
    assert "按《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）逐项自查" in html
    headings = re.findall(r'<th scope="col">(.*?)</th>', html)
    assert headings[-3:] == ["指标", "状态", "情况与依据"]
    assert re.search(r"（(单项否决风险|提醒|正常) \d+ 项", html)
