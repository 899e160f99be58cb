"""A real HTTP server on 127.0.0.1 that answers like the sites a link patrol meets, and
service items linked from published policies."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.apps import apps

# The search lanes of tests/search, for the filter and facet on every engine.
from tests.search.conftest import search_backend, search_proxy  # noqa: F401

# With the plugin switched off (POLICY_PLUGINS), its tests have nothing to test.
collect_ignore_glob = [] if apps.is_installed("plugins.govservice") else ["test_*.py"]


def page(title, text="请登录后在线办理。"):
    return f"<html><head><title>{title}</title></head><body><p>{text}</p></body></html>"


class Sites(BaseHTTPRequestHandler):
    """Each path a kind of site; ``server.answers`` overrides a path's answer."""

    def route(self, method):
        answers = self.server.answers
        path = self.path.split("?")[0]
        self.server.hits.append((method, path))
        if path in answers:
            return answers[path]
        port = self.server.server_address[1]
        return {
            "/ok": (200, page("部门统计调查项目审批 - 江岭市政务服务网")),
            "/portal": (200, page("江岭市政务服务网")),
            "/missing": (404, page("404")),
            "/gone": (410, ""),
            "/soft": (200, page("提示", "对不起，您访问的页面不存在！")),
            "/offline": (200, page("部门统计调查项目审批", "该事项已下线。")),
            "/casino": (200, page("澳门娱乐城 官方网站")),
            "/drift": (200, page("某某科技有限公司")),
            "/foreign": (302, f"http://localhost:{port}/ok"),
            "/moved": (301, "/ok"),
            "/loop": (302, "/loop2"),
            "/loop2": (302, "/loop"),
            "/chain": (302, "/chain1"),
            **{f"/chain{n}": (302, f"/chain{n + 1}") for n in range(1, 10)},
            "/busy": (429, ""),
            "/forbidden": (403, ""),
            "/error": (503, ""),
            "/slow": ("sleep", 3),
            "/nohead": (405, "") if method == "HEAD" else (200, page("部门统计调查项目审批")),
        }.get(path, (404, ""))

    def answer(self, method):
        status, content = self.route(method)
        if status == "sleep":
            time.sleep(content)
            status, content = 200, page("部门统计调查项目审批")
        self.send_response(status)
        if 300 <= status < 400:
            self.send_header("Location", content)
            content = ""
        body = content.encode()
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if method == "GET":
            self.wfile.write(body)

    def do_HEAD(self):
        self.answer("HEAD")

    def do_GET(self):
        self.answer("GET")

    def log_message(self, *args):
        pass


@pytest.fixture
def sites(settings):
    """The server; its URLs are ``sites.url + path``. The outbound guard lets the test
    reach it (127.0.0.1 on its port), and nothing waits between requests."""
    settings.GOVSERVICE_TIMEOUT = 1
    settings.GOVSERVICE_HOST_DELAY = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sites)
    server.daemon_threads = True
    server.answers, server.hits = {}, []
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.OUTBOUND_ALLOWED_DESTINATIONS = [f"127.0.0.1:{server.server_address[1]}"]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def item(db):
    from plugins.govservice.models import ServiceItem

    def make(url, code="11350200MB0001-XK-001", name="部门统计调查项目审批", **fields):
        fields.setdefault("department", "江岭市统计局")
        return ServiceItem.objects.create(code=code, name=name, url=url, **fields)

    return make


@pytest.fixture
def linked(publish_policy, django_capture_on_commit_callbacks):
    """Publish a policy (with an interpretation) linking to the items, as an editor does:
    the links in a revision, then published; returns the policy read back."""
    from cms.models import PolicyPage
    from plugins.govservice.models import ServiceLink

    def make(*items, title="江岭市统计调查项目管理办法", note="第八条"):
        policy = publish_policy(title, doc_type="normative", interpretations=[{"body": []}])
        draft = policy.get_latest_revision_as_object()
        draft.service_links = [ServiceLink(item=item, note=note) for item in items]
        with django_capture_on_commit_callbacks(execute=True):
            draft.save_revision().publish()
        return PolicyPage.objects.get(pk=policy.pk)

    return make
