import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from cms.access.roles import Role
from cms.demo.users import REVIEWERS
from cms.models import Agency, PolicyPage
from cms.models.home import public_policies
from cms.rules.doc_types import DocType
from interpretations.models import InterpretationPage
from search.backends import get_backend
from search.documents import document_for
from search.query import Query

TRADITIONAL = re.compile("[關於規範統計聯網標準實施辦法創業擔保貸款務開進]")


def _indexed_ids() -> set[int]:
    """Every document id in the search index, read from the engine itself."""
    result = get_backend().search(Query(limit=1000, facets=False))
    return {hit.id for hit in result.hits}


def test_load_demo_twice(db, client, capsys, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_TEST_RECEIVER_SECRET = "demo"  # the demo subscribes its test receiver
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    # Its server is not up while the demo loads: what the loading told the channels waits
    # for it (make demo's send_pending_deliveries), and nothing has failed (24.9).
    from cms.models import Delivery

    assert Delivery.objects.filter(channel="webhook", state="pending").exists()
    assert not Delivery.objects.exclude(state__in=["pending", "delivered"]).exists()
    counts = (PolicyPage.objects.count(), InterpretationPage.objects.count())
    # An index left by another database (the demo's database deleted and loaded again):
    # loading the demo leaves the index holding exactly what this database publishes.
    some = PolicyPage.objects.live().first()
    stale = {**document_for(some.pk), "id": 990001, "agency": {"id": 990001, "name": "旧"}}
    get_backend().index_documents([stale])
    assert 990001 in _indexed_ids()
    call_command("load_demo")
    out, _ = capsys.readouterr()
    assert "报告 → 网站自查" in out and "/admin/reports/self-inspection/" in out
    assert "设置 → 严重错误表述" in out and "/admin/snippets/cms/seriouserrorentry/" in out
    assert "政府信息公开目录" in out and "/catalogue/" in out
    assert (PolicyPage.objects.count(), InterpretationPage.objects.count()) == counts
    assert _indexed_ids() == set(public_policies().values_list("pk", flat=True))

    agencies = Agency.objects.all()
    assert agencies.count() >= 3
    assert all(a.divisions.count() >= 2 for a in agencies)

    live = PolicyPage.objects.live()
    assert live.count() >= 30
    assert set(live.values_list("doc_type", flat=True)) == set(DocType.values)
    years = {p.issued_on.year for p in live}
    assert min(years) == 2013 and max(years) == 2026
    interpreted = {i.get_parent().pk for i in InterpretationPage.objects.live()}
    assert len(interpreted) * 2 >= live.count()
    forms = set(InterpretationPage.objects.values_list("form", flat=True))
    assert {"text", "graphic", "qa", "expert", "official"} <= forms
    assert sum(bool(TRADITIONAL.search(p.title)) for p in live) >= 3
    assert PolicyPage.objects.filter(live=False).exists()

    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    for username, role in REVIEWERS:
        assert User.objects.get(username=username).groups.filter(name=role).exists()
    drafters = User.objects.filter(groups__name=Role.DRAFTER)
    assert drafters.count() == sum(a.divisions.count() for a in agencies)
    assert "admin-2026" in out and "drafter11" in out

    # The review report has bundles in every state.
    from cms.review.reports import bundle_rows

    states = {row.state for row in bundle_rows(PolicyPage.objects.all())}
    assert {"draft", "returned", "in_review", "scheduled", "published", "withdrawn"} <= states
    levels = {row.level for row in bundle_rows(PolicyPage.objects.all()) if row.level}
    assert levels == {2, 4}

    # The demo is browsable: a policy with interpretations and its interpretation pages.
    policy = PolicyPage.objects.live().get(title="江岭市统计数据质量管理办法")
    assert client.get(policy.url).status_code == 200
    for interpretation in InterpretationPage.objects.child_of(policy).live():
        assert client.get(interpretation.url).status_code == 200
    # Every section of every demo interpretation is headed in Chinese, and every body
    # reaches the confidentiality review's text.
    from cms.text.page_text import body_text

    headings = set()
    for interpretation in InterpretationPage.objects.live():
        assert body_text(interpretation.get_latest_revision_as_object()), interpretation.title
        html = client.get(interpretation.url).content.decode()
        headings.update(re.findall(r'<section class="section[^"]*"><h2>(.*?)</h2>', html))
    assert {"背景依据", "主要内容"} <= headings
    assert not any(re.search("[a-z_]", heading) for heading in headings), headings
    assert client.login(request=RequestFactory().get("/"), username="admin", password="admin-2026")
    assert client.get("/admin/").status_code == 200
    _the_demo_reads_plausibly(out)
    _the_demo_has_a_published_annual_report_and_a_failing_draft(out, client)


def _the_demo_reads_plausibly(out: str) -> None:
    """Issue 24.16: what a government editor would not believe. Messages sit under the
    policy they ask about; no document takes effect years after it was issued; the 办
    example is a policy in force."""
    from django.apps import apps

    from search.text import normalize

    noise = {"江岭", "关于", "通知", "办法", "实施", "工作", "意见"}
    if apps.is_installed("plugins.messageboard"):
        from plugins.messageboard.models import Message

        for message in Message.objects.exclude(policy=None).select_related("policy"):
            title, text = normalize(message.policy.title), normalize(message.subject + message.body)
            words = {title[i : i + 2] for i in range(len(title) - 1)} - noise
            assert any(word in text for word in words), (message.subject, title)
    if apps.is_installed("plugins.validity"):
        from plugins.validity.models import PolicyValidity

        for record in PolicyValidity.objects.select_related("policy"):
            issued = record.policy.issued_on
            assert (record.effective_from - issued).days <= 366, (record.policy.title, record)
    if apps.is_installed("plugins.govservice"):
        showcase = re.search(r"阅办联动：《(.+?)》", out)[1]
        policy = PolicyPage.objects.live().get(title=showcase)
        if apps.is_installed("plugins.validity"):
            state = PolicyValidity.objects.filter(policy=policy).first()
            assert state is None or state.state == "in_force", (showcase, state.state)


def _the_demo_has_a_published_annual_report_and_a_failing_draft(out: str, client) -> None:
    """Loaded twice (in the test above, which shares its two loads): nothing doubles."""
    from cms.models import AnnualReportPage
    from cms.reports import checks

    published = AnnualReportPage.objects.get(year=2025)
    assert published.live and "2025年政府信息公开工作年度报告（已发布）" in out
    assert client.get(published.url).status_code == 200
    draft = AnnualReportPage.objects.get(year=2026)
    assert not draft.live and "有一项核对未通过" in out
    latest = draft.get_latest_revision_as_object()
    assert checks.errors(latest) == ["表二“行政许可”·本年处理决定数量未填写。"]
    # Its document not yet in force needs no explanation (docs/domain.md §7).
    assert latest.documents_difference_note == ""
    # The website annual report of 2025 (issue 28.4), published, its visits seeded.
    from cms.models import WebsiteReportPage

    website = WebsiteReportPage.objects.get(year=2025)
    assert website.live and "2025年政府网站工作年度报表（已发布）" in out
    assert client.get(website.url).status_code == 200
    visits = next(t for t in website.frozen_tables() if t.key == "visits")
    assert visits.cell("page_views", "value") > visits.cell("visitors", "value") > 0
    # Every cell the system counts shows the demo's 2025 (its policies published when
    # issued, last year's messages and outage), but the products: no 2025 graphic.
    counted = {(t.key, r.key): r.cells["value"] for t in website.frozen_tables() if t.source
               for r in t.rows}  # fmt: skip
    assert [cell for cell, value in counted.items() if not value] == [
        ("interpretations", "products")
    ]
