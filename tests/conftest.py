"""Shared fixtures, and the rule for `services` tests.

A test marked `services` needs PostgreSQL (the suite's database) and Redis. Without them
it is skipped, so a laptop runs the default suite with nothing installed; CI sets
REQUIRE_SERVICES=1, which turns that skip into a failure.
"""

import os
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import connection

from cms.access.roles import Role
from cms.models import Agency, Division


@pytest.fixture(autouse=True)
def _forget_kept_answers():
    """Each test's database is rolled back without moving the publication stamp, and its
    ids may repeat: answers kept for the stamp must not cross from one test to the next."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from cms.models.home import private_q
    from cms.models.stamps import forget_kept_answers

    forget_kept_answers()
    private_q.cache_clear()
    # Values kept in the cache under a stamp likewise (cms.models.stamps.kept_in_cache).
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    yield


def _broker_url() -> str:
    """The test broker; under pytest-xdist each worker gets its own Redis database, so one
    worker's Celery worker never takes another's tasks (its database is another too)."""
    url = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    base, _slash, number = url.rpartition("/")
    if worker.startswith("gw") and url.startswith("redis://") and number.isdigit():
        return f"{base}/{int(number) - int(worker[2:])}"
    return url


BROKER_URL = _broker_url()


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback"}


def pytest_collection_modifyitems(items):
    """Mark the tests that commit: they empty the database when they end, so on
    PostgreSQL CI runs them apart from the others, on one core (see .ci/run).

    `make test` keeps a module's tests on one worker and runs the committing modules
    last (pytest-django's order); a module that mixed both kinds would empty the database
    under the modules after it, so that is refused here. Committing tests marked
    `services` may mix: without the services they are skipped, and CI's services lane
    runs them apart."""
    mixed = {}
    for item in items:
        marker = item.get_closest_marker("django_db")
        committing = marker is not None and marker.kwargs.get("transaction")
        committing = committing or TRANSACTIONAL_FIXTURES & set(item.fixturenames)
        if committing:
            item.add_marker(pytest.mark.transactional)
        kinds = mixed.setdefault(item.path, set())
        if committing and "services" not in item.keywords:
            kinds.add("commits")
        elif marker is not None or "db" in item.fixturenames:
            kinds.add("rolls back")
    offenders = sorted(str(path) for path, kinds in mixed.items() if len(kinds) == 2)
    if offenders:
        raise pytest.UsageError(
            "these test modules mix committing and rolled-back database tests; "
            "move the committing ones to a module of their own: " + ", ".join(offenders)
        )


def pytest_runtest_setup(item):
    if "services" not in item.keywords:
        return
    missing = []
    if connection.vendor != "postgresql":
        missing.append("PostgreSQL (set DATABASE_URL)")
    if not _redis_reachable():
        missing.append(f"Redis at {BROKER_URL}")
    if missing:
        reason = "services unavailable: " + ", ".join(missing)
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def agency(db):
    return Agency.objects.create(
        name="测试市统计局", short_name="测统", org_code="000014349", region="测试市"
    )


@pytest.fixture
def division(agency):
    return Division.objects.create(agency=agency, name="综合处")


@pytest.fixture
def make_policy(agency, division):
    """Create a policy in the agency's library; publish it unless live=False."""
    from cms.models import PolicyPage

    def make(title="关于测试工作的通知", *, live=True, **fields):
        fields.setdefault("issued_on", date(2024, 3, 1))
        fields.setdefault("agency", agency)
        fields.setdefault("division", division)
        policy = PolicyPage(title=title, live=False, **fields)
        agency.library.add_child(instance=policy)
        revision = policy.save_revision()
        if live:
            revision.publish()
            policy.refresh_from_db()
        return policy

    return make


# Enough text for the 三同步 check's minimum (POLICY_INTERPRETATION_MIN_CHARS).
INTERPRETATION_TEXT = (
    "本办法明确了统计调查的组织实施、数据质量控制和调查对象权益保障等要求。"
    "解读从制定背景、主要内容和实施要求三个方面说明条文含义，"
    "并对调查对象关心的报送期限、信息保密和咨询渠道作出回答，"
    "便于各部门和社会公众准确理解、正确执行。"
)


@pytest.fixture
def make_interpretation():
    from wagtail.rich_text import RichText

    from interpretations.models import InterpretationPage

    def make(policy, title="政策解读", *, live=True, **fields):
        # A synchronous interpretation needs substantive text to be submitted (24.19).
        fields.setdefault("body", [("paragraph", RichText(f"<p>{INTERPRETATION_TEXT}</p>"))])
        page = InterpretationPage(title=title, live=False, **fields)
        policy.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
            page.refresh_from_db()
        return page

    return make


@pytest.fixture
def publish_policy(agency, division):
    """Publish a policy with topics and optional interpretations; returns the policy."""
    from cms.models import PolicyPage
    from interpretations.models import InterpretationPage

    def make(title="关于测试工作的通知", *, topics=(), interpretations=(), live=True, **fields):
        fields.setdefault("issued_on", date(2024, 3, 1))
        fields.setdefault("agency", agency)
        fields.setdefault("division", division)
        policy = PolicyPage(title=title, live=False, **fields)
        (fields["agency"]).library.add_child(instance=policy)
        policy.topics.add(*topics)
        revision = policy.save_revision()
        if live:
            revision.publish()
        policy = PolicyPage.objects.get(pk=policy.pk)
        for spec in interpretations:
            spec = {"title": f"《{title}》解读", **spec}
            page_live = spec.pop("live", live)
            page = InterpretationPage(live=False, **spec)
            policy.add_child(instance=page)
            page_revision = page.save_revision()
            if page_live:
                page_revision.publish()
        return PolicyPage.objects.get(pk=policy.pk)

    return make


@pytest.fixture
def roles(db):
    from cms.access.roles import ensure_roles

    return ensure_roles()


@pytest.fixture
def drafter(roles, division, django_user_model):
    user = django_user_model.objects.create_user("drafter", password="pw")
    user.groups.add(roles[Role.DRAFTER])
    division.members.add(user)
    return user


@pytest.fixture
def reviewers(roles, django_user_model):
    """One user per review level, lowest first."""
    from cms.access.roles import REVIEW_LEVELS

    users = []
    for level, name in enumerate(REVIEW_LEVELS, start=1):
        user = django_user_model.objects.create_user(f"reviewer{level}", password="pw")
        user.groups.add(roles[name])
        users.append(user)
    return users


@pytest.fixture
def bundle(make_policy, make_interpretation, drafter):
    """A normative policy draft with one synchronous interpretation draft, by the drafter."""
    policy = make_policy("关于规范统计调查的办法", live=False, doc_type="normative", owner=drafter)
    interpretation = make_interpretation(
        policy, "《关于规范统计调查的办法》解读", live=False, stage="synchronous", owner=drafter
    )
    return policy, interpretation


@pytest.fixture
def stored_bundle(make_policy, make_interpretation, drafter):
    """(policy id, interpretation id) of a saved bundle whose interpretation body holds
    every block type (tests/interpretations/bodies.py)."""
    from tests.interpretations.bodies import save_bundle

    return save_bundle(make_policy, make_interpretation, drafter)


@pytest.fixture
def published_bundle(stored_bundle, django_capture_on_commit_callbacks):
    """The stored bundle published as the last approval publishes it; the index follows."""
    from cms.models import PolicyPage
    from cms.review.bundle import publish_bundle

    policy_id, _ = stored_bundle
    with django_capture_on_commit_callbacks(execute=True):
        publish_bundle(PolicyPage.objects.get(pk=policy_id))
    return stored_bundle


def submit(policy, user):
    """Submit a bundle for review as the edit view does; returns the workflow state."""
    policy = type(policy).objects.get(pk=policy.pk)
    return policy.get_workflow().start(policy, user)


def act(policy, user, action="approve"):
    """Approve (or reject) the bundle's current review step as `user`."""
    policy = type(policy).objects.get(pk=policy.pk)
    task_state = policy.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, action)


def publish_reviewed(policy, drafter, reviewers):
    """Submit a bundle and approve it at every level, which publishes it."""
    submit(policy, drafter)
    for reviewer in reviewers:
        act(policy, reviewer)
    return type(policy).objects.get(pk=policy.pk)


class WebhookReceiver:
    """A real HTTP server on 127.0.0.1 that records every request it gets.

    `statuses` scripts the answers (first request gets the first); when it runs out,
    every request gets `default_status`.
    """

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        self.default_status = 200
        self.body = b"{}"
        self.url = ""

    def answer(self) -> int:
        return self.statuses.pop(0) if self.statuses else self.default_status


@pytest.fixture
def webhook_receiver(settings):
    """The receiver; the outbound guard lets the site reach it (its loopback address and
    port only), as the demo's settings allow the demo's own receiver."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    receiver = WebhookReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status = receiver.answer()
            receiver.requests.append(
                {"headers": dict(self.headers), "body": body, "status": status}
            )
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(receiver.body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    settings.OUTBOUND_ALLOWED_DESTINATIONS = [f"127.0.0.1:{server.server_address[1]}"]
    yield receiver
    server.shutdown()
    server.server_close()


def empty_policy_formsets() -> dict:
    """An empty inline formset for every child relation the policy's edit view has (the
    core's attachments and whatever enabled plugins add), for posting the edit form."""
    from wagtail.test.utils.form_data import inline_formset

    from cms.models import PolicyPage

    options = PolicyPage.get_edit_handler().get_form_options()
    return {name: inline_formset([]) for name in options.get("formsets", {})}


def policy_form(policy, **overrides):
    """The policy's edit form as the editor posts it unchanged, with ``overrides``."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    data = {
        **empty_policy_formsets(),
        "title": policy.title,
        "slug": policy.slug,
        "doc_number": policy.doc_number,
        "issued_on": policy.issued_on.isoformat(),
        "agency": policy.agency_id,
        "division": policy.division_id,
        "doc_type": policy.doc_type,
        "topics": "",
        "disclosure": policy.disclosure,
        "disclosure_reason": policy.disclosure_reason,
        "summary": policy.summary,
        "body": rich_text(policy.body or "<p>正文</p>"),
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.fixture
def plugin(request):
    """Register hook implementations for one test: plugin(obj, name) → name."""
    from cms.extend.plugin_manager import pm
    from cms.models.stamps import forget_kept_answers

    names = []

    def register(obj, name):
        pm.register(obj, name=name)
        names.append(name)
        forget_kept_answers()  # the page chrome kept with the plugins' links of before
        return name

    yield register
    for name in names:
        pm.unregister(name=name)


@contextmanager
def celery_broker(url: str, **conf):
    """Send tasks through a real broker at `url` (not in-process) for the block.

    The app's connection and producer pools are dropped on the way in and out, so tasks
    queued after commit use this broker rather than a connection made earlier.
    """
    from policy_cms.celery import app

    keys = {"broker_url", "task_always_eager", *conf}
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=url, task_always_eager=False, **conf)
    app.amqp._producer_pool = app._pool = None
    try:
        yield app
    finally:
        app.conf.update(saved)
        app.amqp._producer_pool = app._pool = None


def record_compiled_sql(monkeypatch) -> list[str]:
    """From now on, the SQL of every query Django compiles (not only those it runs), in
    order: a read through SQL kept per publication stamp (cms.models.shapes) compiles none."""
    from django.db.models.sql.compiler import SQLCompiler

    compiled = []
    real_as_sql = SQLCompiler.as_sql

    def as_sql(self, *args, **kwargs):
        sql, params = real_as_sql(self, *args, **kwargs)
        compiled.append(sql)
        return sql, params

    monkeypatch.setattr(SQLCompiler, "as_sql", as_sql)
    return compiled
