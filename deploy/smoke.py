"""The production smoke test (`make prod-smoke`): the whole stack as real processes.

PostgreSQL and Redis are the machine's own; everything else is started here and stopped
at the end, whatever happened:

- search over HTTP: osmem-server, an in-memory OpenSearch, standing in for Elasticsearch;
- gunicorn with production settings, a Celery worker and Celery beat, each with the
  command of its deploy/systemd unit (the web unit's migrations included);
- nginx, configured from deploy/nginx's template, in front (static files, media, the
  proxy headers);
- a webhook receiver, which checks each delivery's signature.

Then, as the users and the operator would:

1. /readyz through nginx reports every service; a collected static file comes with its
   year-long cache header; with openssl, the site as written (a self-signed certificate,
   on 127.0.0.1 and [::1]) sends plain HTTP to HTTPS and answers over HTTPS with HSTS.
2. Four reviewers log into the admin over HTTP and approve a bundle (a policy and its
   interpretation), each at their level, from their dashboard.
3. Both pages are live; the webhook arrived, signed; the feed, the API and search have it.
4. A second bundle, set to go live a minute after it was written, is approved the same
   way (before the first, so that beat's first run is the one due), is not live at once,
   and is published by beat when its time comes.
5. The backup round trip (deploy/backup.sh, deploy/restore.sh): the processes stop, the
   database and the media are backed up, the database is dropped, the search index
   deleted and the media removed; after the restore, the page counts, an image and a
   search answer are what they were.

Run from the repository: `python deploy/smoke.py` (needs `pip install -e .[production]`,
nginx, and PostgreSQL and Redis on 127.0.0.1). Exits non-zero with the processes' logs
when a check fails.
"""

from __future__ import annotations

import configparser
import hashlib
import hmac
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = os.environ.get("SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("SMOKE_REDIS", "redis://127.0.0.1:6379")
DATABASE = "policy_cms_smoke"
PASSWORD = "smoke-Test-2026"
GO_LIVE_AFTER = 60  # seconds after the bundles are written
POLICY = "江岭市统计数据质量抽查办法"
SCHEDULED = "江岭市统计调查项目备案办法"
SEARCH_WORD = "抽查"
INTERPRETATION_BODY = (  # enough substance for the 三同步 check
    "本办法明确了统计数据质量检查的对象、频次、方法和结果运用。检查按照随机抽取对象、"
    "随机选派人员的要求组织实施，发现的问题按程序反馈被检查单位限期整改，"
    "检查结果作为统计数据质量评估的重要依据，并按规定向社会公开，接受公众监督。"
)


class Failed(Exception):
    pass


def check(condition, what: str) -> None:
    if not condition:
        raise Failed(what)
    print(f"  ok  {what}", flush=True)


def wait_for(probe, what: str, timeout: float, every: float = 1.0):
    """Call ``probe`` until it returns something true; that value, or Failed."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = probe()
        except Exception as error:  # a process still starting refuses connections
            last = error
        else:
            if last:
                return last
        time.sleep(every)
    raise Failed(f"{what}: not within {timeout:.0f} s (last: {last!r})")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """Every process the smoke test starts, each in its own process group with its log."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, argv: list[str], env: dict) -> None:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        self.running[name] = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def stop(self, *names: str) -> None:
        for name in names or list(self.running):
            process = self.running.pop(name, None)
            if process is None or process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def assert_alive(self) -> None:
        for name, process in self.running.items():
            if process.poll() is not None:
                raise Failed(f"{name} exited with {process.returncode}")

    def tails(self, lines: int = 25) -> str:
        out = []
        for log in sorted(self.folder.glob("*.log")):
            text = log.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"--- {log.name}\n" + "\n".join(text))
        return "\n".join(out)


class WebhookReceiver:
    """A subscriber's endpoint: records each POST and whether its signature is valid."""

    def __init__(self, secret: str):
        self.secret = secret
        self.deliveries: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
                receiver.deliveries.append(
                    {
                        "event": self.headers.get("X-PolicyCMS-Event"),
                        "signed": hmac.compare_digest(
                            expected, self.headers.get("X-PolicyCMS-Signature", "")
                        ),
                        "payload": json.loads(body),
                    }
                )
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# --- In the site's own environment (python deploy/smoke.py --setup) --------------------


def setup() -> dict:
    """What the drafters and the site administrator did before the reviewers came: an
    agency, its people, a webhook subscriber, an image, and two bundles submitted for
    review, the second set to go live GO_LIVE_AFTER seconds from now."""
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.core.files.images import ImageFile
    from django.utils import timezone
    from PIL import Image as PILImage
    from wagtail.images import get_image_model
    from wagtail.rich_text import RichText

    from cms.access.roles import REVIEW_LEVELS, Role, ensure_roles
    from cms.models import Agency, Division, PolicyPage
    from interpretations.models import InterpretationPage
    from plugins.channels.models import WebhookSubscription

    roles = ensure_roles()
    agency = Agency.objects.create(
        name="江岭市统计局", short_name="江统", org_code="000014349", region="江岭市"
    )
    division = Division.objects.create(agency=agency, name="统计执法监督处")
    users = get_user_model().objects
    drafter = users.create_user("smoke-drafter", password=PASSWORD)
    drafter.groups.add(roles[Role.DRAFTER])
    division.members.add(drafter)
    reviewers = []
    for level, role in enumerate(REVIEW_LEVELS, start=1):
        reviewer = users.create_user(f"smoke-reviewer{level}", password=PASSWORD)
        reviewer.groups.add(roles[role])
        if level == 1:
            division.members.add(reviewer)
        reviewers.append(reviewer.username)
    WebhookSubscription.objects.create(
        name="政务服务平台", url=os.environ["SMOKE_WEBHOOK_URL"], secret=os.environ["SMOKE_SECRET"]
    )

    picture = Path(os.environ["MEDIA_ROOT"]).parent / "seal.png"
    PILImage.new("RGB", (64, 64), (179, 32, 27)).save(picture)
    with picture.open("rb") as handle:
        image = get_image_model().objects.create(title="印章", file=ImageFile(handle, "seal.png"))

    def bundle(title: str, slug: str, go_live_at=None) -> PolicyPage:
        policy = PolicyPage(
            title=title,
            slug=slug,
            live=False,
            doc_number="江统规〔2026〕9号" if go_live_at is None else "江统规〔2026〕10号",
            doc_type="normative",
            issued_on=timezone.localdate(),
            agency=agency,
            division=division,
            owner=drafter,
            summary=f"本办法规定{SEARCH_WORD}的范围、程序和结果运用。",
            go_live_at=go_live_at,
        )
        agency.library.add_child(instance=policy)
        policy.save_revision(user=drafter)
        # A synchronous interpretation with the substance the 三同步 check asks for.
        interpretation = InterpretationPage(
            title=f"《{title}》解读",
            slug="jiedu",
            live=False,
            owner=drafter,
            body=[("paragraph", RichText(f"<p>{INTERPRETATION_BODY}</p>"))],
        )
        policy.add_child(instance=interpretation)
        interpretation.save_revision(user=drafter)
        policy = PolicyPage.objects.get(pk=policy.pk)
        policy.get_workflow().start(policy, drafter)
        return policy

    now = timezone.now()
    first = bundle(POLICY, "zhiliang-choucha")
    second = bundle(SCHEDULED, "xiangmu-beian", now + timedelta(seconds=GO_LIVE_AFTER))
    return {
        "reviewers": reviewers,
        "policy": {"id": first.pk, "path": agency.library.url + "zhiliang-choucha/"},
        "scheduled": {"id": second.pk, "path": agency.library.url + "xiangmu-beian/"},
        "go_live_at": (now + timedelta(seconds=GO_LIVE_AFTER)).timestamp(),
        "image": image.file.url,
    }


def withdraw() -> dict:
    """A policy withdrawn through the core's own path (as the admin's withdrawal does)."""
    import django

    django.setup()
    from cms.models import PolicyPage
    from cms.review.bundle import withdraw_bundle

    policy = PolicyPage.objects.get(pk=int(os.environ["SMOKE_WITHDRAW"]))
    withdraw_bundle(policy)
    return {"withdrawn": policy.pk}


def counts() -> dict:
    """What the backup must bring back, counted in the database."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Revision

    return {
        "pages": Page.objects.count(),
        "live pages": Page.objects.filter(live=True).count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
    }


# --- The test ------------------------------------------------------------------------


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise Failed(f"manage.py {' '.join(args)}: {done.stderr[-2000:]}")
    return done.stdout


def in_site(env: dict, function: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, f"--{function}"], cwd=ROOT, env=env, capture_output=True
    )
    if done.returncode:
        raise Failed(f"{function}: {done.stderr.decode()[-3000:]}")
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def tables() -> int:
    import psycopg

    with psycopg.connect(f"{PG}/{DATABASE}") as connection:
        query = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        return connection.execute(query).fetchone()[0]


def flush_redis(*databases: int) -> None:
    import redis

    for number in databases:
        redis.Redis.from_url(f"{REDIS}/{number}").flushdb()


def unit_command(unit: str, key: str, folder: Path, web_port: int) -> list[str]:
    """``key`` (ExecStart, ExecStartPre) of deploy/systemd's unit for ``unit``, with the
    server's paths and port replaced by this machine's: the virtualenv's, the smoke
    test's folder, a free port."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "deploy" / "systemd" / f"policy-cms-{unit}.service")
    line = (
        parser["Service"][key]
        .replace("/srv/policy-cms/venv/bin/", f"{BIN}/")
        .replace("/var/lib/policy-cms/", f"{folder}/")
        .replace("127.0.0.1:8000", f"127.0.0.1:{web_port}")
    )
    if "/srv/" in line or "/var/lib/" in line:
        raise Failed(f"{unit}'s {key} has a path the smoke test does not know: {line}")
    return shlex.split(line)


def server_blocks(text: str) -> list[str]:
    """The top-level ``server { … }`` blocks of an nginx site, in order."""
    blocks, start = [], 0
    while (found := re.search(r"^server \{", text[start:], re.M)) is not None:
        begin = start + found.start()
        depth = 0
        for end in range(begin, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if text[end] == "}" and depth == 0:
                break
        blocks.append(text[begin : end + 1])
        start = end + 1
    return blocks


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
        return True
    except OSError:
        return False


def certificate(folder: Path) -> tuple[Path, Path] | None:
    """A self-signed certificate for 127.0.0.1 and ::1 (openssl), or None without openssl:
    TLS is then left out of the smoke test, the rest runs over plain HTTP."""
    if not shutil.which("openssl"):
        return None
    cert, key = folder / "tls-cert.pem", folder / "tls-key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,IP:::1",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,digitalSignature,keyCertSign"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def nginx_config(folder: Path, ports: dict, upstream: str, env: dict) -> tuple[Path, dict]:
    """deploy/nginx's site, filled in as envsubst would, inside a main configuration that
    keeps nginx's files in the smoke test's folder. The test's users speak plain HTTP on
    ``ports["plain"]`` to the HTTPS server's own locations, its TLS lines left out; with
    openssl, the site as written runs beside it, on IPv4 and IPv6 (where the host has it):
    the redirecting HTTP server on ``ports["http"]``, HTTPS on ``ports["https"]`` with a
    self-signed certificate. Returns the configuration and what TLS runs with (empty
    without openssl)."""
    site = (ROOT / "deploy/nginx/policy-cms.conf.template").read_text()
    for name, value in {
        "UPSTREAM": upstream,
        "STATIC_ROOT": env["STATIC_ROOT"],
        "MEDIA_ROOT": env["MEDIA_ROOT"],
        "PROXY_CACHE_ROOT": str(folder / "nginx-cache"),
        "CACHE_REFRESH_LISTEN": f"127.0.0.1:{ports['refresh']}",
        "CACHE_REFRESH_SECRET": env["CACHE_REFRESH_SECRET"],
    }.items():
        site = site.replace("${" + name + "}", value)
    redirect, secure, refresh = server_blocks(site)
    head = site[: site.index(redirect)]
    plain = "\n".join(
        line
        for line in secure.replace(
            "listen 443 ssl;", f"listen 127.0.0.1:{ports['plain']};"
        ).splitlines()
        if not re.match(r"\s*(ssl_|listen \[::\])", line)
    )
    plain += "\n" + refresh
    tls = {}
    pair = certificate(folder)
    if pair:
        ipv6 = ipv6_loopback()
        tls = {"certificate": pair[0], "ipv6": ipv6, **ports}
        deployed = redirect + "\n" + secure
        deployed = deployed.replace("${TLS_CERTIFICATE}", str(pair[0]))
        deployed = deployed.replace("${TLS_CERTIFICATE_KEY}", str(pair[1]))
        for port, key in ((80, "http"), (443, "https")):
            deployed = deployed.replace(f"listen {port}", f"listen 127.0.0.1:{ports[key]}")
            v6 = f"listen [::1]:{ports[key]}" if ipv6 else "# no IPv6 here: listen [::]"
            deployed = deployed.replace(f"listen [::]:{port}", v6)
        plain += "\n" + deployed
    (folder / "site.conf").write_text(head + plain + "\n")
    user = "user root;" if os.geteuid() == 0 else ""
    main = f"""{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/nginx-access.log;
    client_body_temp_path {folder}/nginx-body;
    proxy_temp_path {folder}/nginx-proxy;
    fastcgi_temp_path {folder}/nginx-fastcgi;
    uwsgi_temp_path {folder}/nginx-uwsgi;
    scgi_temp_path {folder}/nginx-scgi;
    include {folder}/site.conf;
}}
"""
    path = folder / "nginx.conf"
    path.write_text(main)
    return path, tls


def check_tls(tls: dict, static_path: str) -> None:
    """The site as deployed: plain HTTP sends every address to HTTPS but answers the
    probes; HTTPS serves the pages and static files with HSTS, on IPv4 and IPv6."""
    import requests

    hsts = "max-age=31536000; includeSubDomains"
    hosts = ["127.0.0.1"] + (["[::1]"] if tls["ipv6"] else [])
    for host in hosts:
        http, https = f"http://{host}:{tls['http']}", f"https://{host}:{tls['https']}"
        moved = requests.get(http + "/policies/?a=1", allow_redirects=False, timeout=30)
        check(
            moved.status_code == 301
            and moved.headers["Location"] == f"https://{host}/policies/?a=1",
            f"nginx on {host} sends plain HTTP to HTTPS ({moved.status_code})",
        )
        probe = requests.get(http + "/healthz", allow_redirects=False, timeout=30)
        check(probe.status_code == 200, f"nginx on {host} answers /healthz over plain HTTP")
        secure = requests.get(https + "/healthz", verify=tls["certificate"], timeout=30)
        check(
            secure.status_code == 200 and secure.headers.get("Strict-Transport-Security") == hsts,
            f"nginx on {host} answers over HTTPS with one HSTS header",
        )
    page = requests.get(f"https://127.0.0.1:{tls['https']}/", verify=tls["certificate"], timeout=30)
    static = requests.get(
        f"https://127.0.0.1:{tls['https']}{static_path}", verify=tls["certificate"], timeout=30
    )
    check(
        page.status_code == 200
        and page.headers.get("Strict-Transport-Security") == hsts
        and static.status_code == 200
        and static.headers.get("Strict-Transport-Security") == hsts,
        "the home page and a static file over HTTPS, each with one HSTS header",
    )


def within_a_second(probe, what: str) -> float:
    """Poll ``probe`` every 50 ms for at most a second; how long it took, or Failed."""
    began = time.monotonic()
    while time.monotonic() - began <= 1.0:
        if probe():
            return time.monotonic() - began
        time.sleep(0.05)
    raise Failed(f"{what}: not within a second through the proxy")


class Site:
    """The site as a browser reaches it, through nginx."""

    def __init__(self, base: str):
        import requests

        self.base = base
        self.requests = requests

    def get(self, path: str, session=None, **kwargs):
        return (session or self.requests).get(self.base + path, timeout=30, **kwargs)

    def login(self, username: str):
        session = self.requests.Session()
        self.get("/admin/login/", session)
        response = session.post(
            self.base + "/admin/login/",
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
                "next": "/admin/",
            },
            headers={"Origin": self.base},
            timeout=30,
        )
        check(
            response.status_code == 200 and response.url.endswith("/admin/"),
            f"{username} logs into the admin",
        )
        return session

    def approve(self, username: str, policy_id: int) -> None:
        """Approve the bundle from the reviewer's dashboard, as its approve button does."""
        session = self.login(username)
        dashboard = self.get("/admin/", session).text
        found = re.search(rf"/admin/pages/workflow/action/{policy_id}/approve/(\d+)/", dashboard)
        if found is None:
            raise Failed(f"{username}'s dashboard offers no approval of page {policy_id}")
        response = session.post(
            self.base + found.group(0),
            data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
            headers={"Origin": self.base},
            timeout=60,
        )
        check(response.status_code == 200, f"{username} approves page {policy_id}")


def run(folder: Path, processes: Processes) -> None:
    from osmem_server import OsmemServer

    secret = secrets.token_hex(16)
    receiver = WebhookReceiver(secret)
    search = OsmemServer.start(seed=[], freeze=False)
    web_port, nginx_port, refresh_port = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{nginx_port}"
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO")},
        "DJANGO_SETTINGS_MODULE": "policy_cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": base,
        # A plain-HTTP test host: no TLS to redirect to.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SITE_BASE_URL": base,
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "CELERY_BROKER_URL": f"{REDIS}/9",
        "CACHE_URL": f"{REDIS}/8",
        "SEARCH_BACKEND": "opensearch",
        "SEARCH_URL": search.url,
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private-media"),
        "NINJA_NUM_PROXIES": "1",
        "LOG_FORMAT": "json",
        "SMOKE_WEBHOOK_URL": receiver.url,
        # The subscriber and nginx's refresh server are on this host's loopback: the
        # outbound guard must be told.
        "OUTBOUND_ALLOWED_DESTINATIONS": (
            f"{urlsplit(receiver.url).netloc},127.0.0.1:{refresh_port}"
        ),
        # nginx's page cache, refreshed by the site on publication and withdrawal.
        "CACHE_REFRESH_URL": f"http://127.0.0.1:{refresh_port}",
        "CACHE_REFRESH_SECRET": secrets.token_urlsafe(24),
        "SMOKE_SECRET": secret,
    }
    try:
        print("== the stack", flush=True)
        recreate_database()
        flush_redis(8, 9)
        # As a site behind TLS is configured; this test host speaks plain HTTP.
        deployed = {**env, "SECURE_SSL_REDIRECT": "1", "SECURE_COOKIES": "1"}
        manage(deployed, "check", "--deploy", "--fail-level", "WARNING")
        print("  ok  check --deploy reports nothing", flush=True)
        # The commands are the systemd units' own (deploy/systemd), so this proves them.
        command = {
            (unit, key): unit_command(unit, key, folder, web_port)
            for unit, key in [
                ("web", "ExecStartPre"),
                ("web", "ExecStart"),
                ("worker", "ExecStart"),
                ("beat", "ExecStart"),
            ]
        }
        subprocess.run(command["web", "ExecStartPre"], cwd=ROOT, env=env, check=True)
        manage(env, "collectstatic", "--noinput")
        manage(env, "setup_roles")
        started = in_site(env, "setup")

        def start_web():
            processes.start("gunicorn", command["web", "ExecStart"], env)

        start_web()
        (folder / "beat").mkdir()
        processes.start("worker", command["worker", "ExecStart"], env)
        processes.start("beat", command["beat", "ExecStart"], env)
        ports = {
            "plain": nginx_port,
            "http": free_port(),
            "https": free_port(),
            "refresh": refresh_port,
        }
        config, tls = nginx_config(folder, ports, f"127.0.0.1:{web_port}", env)
        processes.start("nginx", ["nginx", "-c", str(config), "-g", "daemon off;"], env)
        site = Site(base)

        ready = wait_for(lambda: site.get("/readyz").status_code == 200, "/readyz", 60)
        checks = site.get("/readyz").json()["checks"]
        check(ready and all(c["ok"] for c in checks.values()), f"/readyz: {sorted(checks)}")
        processes.assert_alive()
        manifest = json.loads((folder / "static/staticfiles.json").read_text())["paths"]
        css = site.get("/static/" + manifest["cms/site.css"])
        check(
            css.status_code == 200 and "immutable" in css.headers.get("Cache-Control", ""),
            "nginx serves a collected static file with a year's cache",
        )
        check("Content-Security-Policy" in site.get("/").headers, "the home page sends a CSP")
        if tls:
            check_tls(tls, "/static/" + manifest["cms/site.css"])
        else:
            print("  --  no openssl: HTTPS left out", flush=True)

        # The bundle scheduled a minute ahead is approved first: beat's first run comes a
        # minute after it started, just after the go-live time, while the rest is checked.
        print("== four reviewers approve a bundle scheduled a minute ahead", flush=True)
        scheduled = started["scheduled"]
        for reviewer in started["reviewers"]:
            site.approve(reviewer, scheduled["id"])
        before = site.get(scheduled["path"]).status_code
        wait = started["go_live_at"] - time.time()
        check(before == 404 and wait > 0, f"approved, not live yet ({wait:.0f} s to go)")

        print("== nginx's page cache", flush=True)
        policy = started["policy"]
        library = policy["path"].rstrip("/").rsplit("/", 1)[0] + "/"
        first, second = site.get(library), site.get(library)
        check(
            second.status_code == 200
            and second.headers.get("X-Cache-Status") == "HIT"
            and "s-maxage=" in second.headers.get("Cache-Control", ""),
            f"the library page, asked twice, is a cache HIT the second time "
            f"({first.headers.get('X-Cache-Status')}, {second.headers.get('X-Cache-Status')};"
            f" {second.headers.get('Cache-Control')})",
        )
        check(POLICY not in second.text, "the cached library page does not list the policy yet")
        cookie = site.get(library, cookies={"sessionid": "x"})
        check(
            cookie.headers.get("X-Cache-Status") == "BYPASS",
            "a request with a cookie is never answered from the cache",
        )

        print("== four reviewers approve a bundle to publish at once", flush=True)
        for reviewer in started["reviewers"]:
            site.approve(reviewer, policy["id"])
        took = within_a_second(
            lambda: POLICY in site.get(library).text, "the library page listing the policy"
        )
        check(True, f"the library page lists it through the proxy after {took:.2f} s")
        page = site.get(policy["path"])
        check(page.status_code == 200 and POLICY in page.text, "the policy is live")
        interpretation = site.get(policy["path"] + "jiedu/")
        check(interpretation.status_code == 200, "its interpretation is live with it")

        print("== the channels, the API and search", flush=True)
        delivered = wait_for(
            lambda: [d for d in receiver.deliveries if d["payload"]["policy"]["title"] == POLICY],
            "the webhook delivery",
            60,
        )
        check(
            delivered[0]["signed"] and delivered[0]["event"] == "bundle.published",
            f"the webhook arrived, {delivered[0]['event']}, with a valid signature",
        )
        check(
            [i["title"] for i in delivered[0]["payload"]["policy"]["interpretations"]]
            == [f"《{POLICY}》解读"],
            "with the interpretation in it",
        )
        check(POLICY in site.get("/feeds/policies.rss").text, "the RSS feed lists it")
        listed = site.get("/api/v1/policies").json()
        check(any(item["title"] == POLICY for item in listed["items"]), "the API lists it")
        found = wait_for(
            lambda: site.get("/api/v1/search", params={"q": SEARCH_WORD}).json()["hits"],
            "search",
            60,
        )
        check(any(hit["title"] == POLICY for hit in found), "search (over HTTP) finds it")

        print("== the scheduled bundle goes live through beat", flush=True)
        wait = started["go_live_at"] - time.time()
        wait_for(
            lambda: site.get(scheduled["path"]).status_code == 200,
            "the scheduled bundle going live",
            wait + 90,
            every=5,
        )
        check(time.time() >= started["go_live_at"], "beat published it when its time came")
        check(site.get(scheduled["path"] + "jiedu/").status_code == 200, "with its interpretation")

        print("== backup, drop, restore", flush=True)
        # The bundle beat just published reaches the index through the worker a moment later;
        # the reference answer waits for it, or the restore is compared with a stale one.
        answer = wait_for(
            lambda: (
                (a := site.get("/api/v1/search", params={"q": SEARCH_WORD}).json())["total"] >= 2
                and a
            ),
            "the scheduled policy in the search index",
            60,
        )
        before = in_site(env, "counts")
        image = site.get(started["image"])
        check(image.status_code == 200, f"the image is served ({started['image']})")
        processes.stop("gunicorn", "worker", "beat")
        backups = folder / "backups"
        subprocess.run([str(ROOT / "deploy/backup.sh"), str(backups)], env=env, check=True)
        recreate_database()
        shutil.rmtree(folder / "media")
        import requests

        for index in requests.get(f"{search.url}/_aliases", timeout=10).json():
            requests.delete(f"{search.url}/{index}", timeout=10)
        check(
            site.get(started["image"]).status_code == 404
            and not requests.get(f"{search.url}/_aliases", timeout=10).json()
            and not tables(),
            "the database, the media and the index are gone",
        )
        restore_env = {**env, "PYTHON": sys.executable}
        subprocess.run([str(ROOT / "deploy/restore.sh"), str(backups)], env=restore_env, check=True)
        start_web()
        wait_for(lambda: site.get("/readyz").status_code == 200, "/readyz after the restore", 60)
        after = in_site(env, "counts")
        check(after == before, f"the same counts after the restore: {after}")
        check(site.get(started["image"]).content == image.content, "the same image")
        again = site.get("/api/v1/search", params={"q": SEARCH_WORD}).json()
        check(again == answer, f"the same search answer ({answer['total']} hits)")

        print("== a withdrawal through the proxy", flush=True)
        site.get(library)
        cached = site.get(library)
        check(
            cached.headers.get("X-Cache-Status") == "HIT" and POLICY in cached.text,
            "the library page listing the policy is served from the cache",
        )
        site.get(policy["path"])
        cached = site.get(policy["path"])
        check(
            cached.status_code == 200 and cached.headers.get("X-Cache-Status") == "HIT",
            "so is the policy's page",
        )
        in_site({**env, "SMOKE_WITHDRAW": str(policy["id"])}, "withdraw")
        took = within_a_second(
            lambda: site.get(policy["path"]).status_code == 404, "the withdrawn policy's 404"
        )
        check(True, f"the withdrawn policy's page is 404 through the proxy after {took:.2f} s")
        took = within_a_second(
            lambda: POLICY not in site.get(library).text, "the library page without the policy"
        )
        check(True, f"the library page no longer lists it after {took:.2f} s")
        check(site.get(policy["path"] + "jiedu/").status_code == 404, "its interpretation is gone")
    finally:
        receiver.close()
        search.close()


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="prod-smoke-"))
    os.chmod(folder, 0o755)  # nginx's workers read static files and media from here
    processes = Processes(folder)
    began = time.monotonic()
    try:
        run(folder, processes)
    except (Failed, subprocess.CalledProcessError) as error:
        print(f"FAILED: {error}\n{processes.tails()}", file=sys.stderr)
        return 1
    finally:
        processes.stop()
    print(f"prod-smoke passed in {time.monotonic() - began:.0f} s (logs in {folder})")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] in (["--setup"], ["--counts"], ["--withdraw"]):
        sys.path.insert(0, str(ROOT))
        steps = {"--setup": setup, "--counts": counts, "--withdraw": withdraw}
        print(json.dumps(steps[sys.argv[1]]()))
        sys.exit(0)
    sys.exit(main())
