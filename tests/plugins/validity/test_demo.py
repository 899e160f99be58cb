"""The demo's validity content: every state, a repeal with its decision, a closed cleanup."""

from datetime import date

from cms.models import PolicyPage
from plugins.validity.demo import load_demo_validity, walkthrough
from plugins.validity.models import Campaign, PolicyValidity


def test_the_demo_shows_every_state_and_loads_twice(normative, client):
    for n, title in enumerate(["统计工作规定", "统计报表规定", "统计调查规定", "统计执法规定"]):
        normative(title, issued_on=date(2022 + n, 3, 1))
    shown = load_demo_validity()
    again = load_demo_validity()
    assert {key: page.pk for key, page in shown.items()} == {
        key: page.pk for key, page in again.items()
    }
    states = set(PolicyValidity.objects.values_list("state", flat=True))
    assert {"repealed", "amended", "not_yet_effective", "in_force"} <= states
    assert (
        PolicyValidity.objects.get(pk=shown["repealed"].pk).changed_by_id == shown["successor"].pk
    )
    assert Campaign.objects.get().state == "closed"
    # A decision is a numbered document of its own (关于废止《…》的决定 had no 发文字号).
    decisions = [PolicyPage.objects.get(pk=p.pk) for p in (shown["successor"],)]
    decisions.append(PolicyValidity.objects.get(pk=shown["amended"].pk).changed_by)
    numbers = [d.doc_number for d in decisions]
    assert all(n.endswith("号") and "〔" in n for n in numbers) and len(set(numbers)) == 2
    lines = walkthrough("http://127.0.0.1:8000", shown)
    result = lines[-1].split()[0].split("：")[1].replace("http://127.0.0.1:8000", "")
    assert client.get(result.split("（")[0]).status_code == 200


def test_the_demo_amended_example_is_amended_and_links_both_ways(normative, client):
    """Issue 24.7: the demo amended its second-oldest document, long expired, so its
    已修改 example showed 已失效; it amends one its dates keep in force."""
    for n, title in enumerate(["统计工作规定", "统计报表规定", "统计调查规定", "统计执法规定"]):
        normative(title, issued_on=date(2013 + n, 3, 1))  # five years each: all expired
    normative("统计信用规定", issued_on=date(2024, 3, 1))
    shown = load_demo_validity()
    amended = shown["amended"]
    assert amended.title == "统计信用规定"
    assert PolicyValidity.objects.get(pk=amended.pk).state == "amended"
    page = client.get(amended.url).content.decode()
    assert "已修改" in page and "关于修改《统计信用规定》的决定" in page
    decision = PolicyValidity.objects.get(pk=amended.pk).changed_by
    assert f'href="{decision.url}"' in page
    assert f'href="{amended.url}"' in client.get(decision.url).content.decode()


def test_the_demo_upcoming_example_was_never_in_force_and_says_when_it_will_be(normative, client):
    """A try-out: the demo moved a document in force for a year to 尚未生效, its text still
    saying 自印发之日起施行, and announced 现行有效→尚未生效 to subscribers."""
    from cms.models import OutboxEvent
    from cms.plugin_api import today

    for n, title in enumerate(["统计工作规定", "统计报表规定", "统计调查规定", "统计执法规定"]):
        normative(title, issued_on=date(2022 + n, 3, 1))
    in_force_before = set(
        PolicyValidity.objects.filter(state="in_force").values_list("policy_id", flat=True)
    )
    shown = load_demo_validity()
    upcoming = PolicyPage.objects.get(pk=shown["upcoming"].pk)
    assert upcoming.pk not in in_force_before
    assert (today() - upcoming.issued_on).days == 7
    record = PolicyValidity.objects.get(pk=upcoming.pk)
    assert record.state == "not_yet_effective" and record.effective_from > today()
    effective = record.effective_from
    said = f"自{effective.year}年{effective.month}月{effective.day}日起施行"
    assert said in upcoming.body and "自印发之日起施行" not in upcoming.body
    assert sorted(upcoming.topics.names()) == ["权益保护", "统计调查"]
    assert not upcoming.attachments.exists()
    page = client.get(upcoming.url).content.decode()
    assert "尚未生效" in page and said in page
    # Nothing announced a document going back from in force to not yet in force.
    for event in OutboxEvent.objects.filter(policy_id=upcoming.pk):
        assert "in_force" not in str(event.payload), event.payload


def test_the_demo_repeals_a_document_in_force_and_its_decisions_copy_no_rows(normative):
    """A try-out: the demo repealed a document that had expired in 2018 (its mail said
    已失效 → 已废止), and its decisions carried the files and service links of the
    documents they concern."""
    from django.apps import apps
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from cms.models import OutboxEvent, PolicyAttachment

    document = get_document_model().objects.create(
        title="附件", file=ContentFile(b"%PDF-1.4\n", name="附件.pdf")
    )

    def rows():
        found = {"attachments": [PolicyAttachment(document=document)]}
        if apps.is_installed("plugins.govservice"):
            from plugins.govservice.models import ServiceItem, ServiceLink

            item, _ = ServiceItem.objects.get_or_create(
                code="11350200MB0001-XK-001",
                defaults={
                    "name": "部门统计调查项目审批",
                    "department": "统计局",
                    "url": "https://example.org/",
                },
            )
            found["service_links"] = [ServiceLink(item=item)]
        return found

    normative("统计资料管理规定", issued_on=date(2013, 3, 1), **rows())  # expired in 2018
    for n, title in enumerate(["统计工作规定", "统计报表规定", "统计调查规定", "统计执法规定"]):
        normative(title, issued_on=date(2022 + n, 3, 1), **rows())
    before = dict(PolicyValidity.objects.values_list("policy_id", "state"))
    shown = load_demo_validity()

    assert before[shown["repealed"].pk] == "in_force"
    assert before[shown["amended"].pk] == "in_force"
    assert PolicyValidity.objects.get(pk=shown["repealed"].pk).state == "repealed"
    for event in OutboxEvent.objects.filter(policy_id=shown["repealed"].pk):
        assert event.payload.get("validity", {}).get("from") != "expired", event.payload
    amending = PolicyValidity.objects.get(pk=shown["amended"].pk).changed_by
    for made in (shown["successor"], amending, shown["upcoming"]):
        made = PolicyPage.objects.get(pk=made.pk)
        assert not made.attachments.exists(), made.title
        if apps.is_installed("plugins.govservice"):
            assert not made.service_links.exists(), made.title
    # A reload keeps every example, though the expiring one's new dates put it in force.
    again = load_demo_validity()
    assert {k: p.pk for k, p in shown.items()} == {k: p.pk for k, p in again.items()}


def test_the_demo_decisions_are_exempt_from_interpretation_and_not_counted_missing(normative):
    """A repealing or amending decision is a normative document, which the self-inspection
    counts as missing its interpretation unless exempted: the demo exempts its decisions
    with a reason, as an editor would, and the indicator lists neither."""
    from wagtail.models import PageLogEntry, Site

    from cms.inspection.indicators import interpretations

    for n, title in enumerate(["统计工作规定", "统计报表规定", "统计调查规定", "统计执法规定"]):
        normative(title, issued_on=date(2022 + n, 3, 1))
    shown = load_demo_validity()
    decisions = [
        PolicyPage.objects.get(pk=shown["successor"].pk),
        PolicyValidity.objects.get(pk=shown["amended"].pk).changed_by,
    ]
    for decision in decisions:
        assert decision.doc_type == "normative"
        assert "废止" in decision.interpretation_exemption.reason or "修改" in (
            decision.interpretation_exemption.reason
        )
        assert PageLogEntry.objects.filter(
            page=decision, action="policy_cms.bundle.exemption"
        ).exists()
    indicator = interpretations(Site.objects.get(is_default_site=True))
    listed = " ".join(e.label for e in indicator.evidence)
    assert all(d.title not in listed for d in decisions)
    # The documents the demo made normative without an interpretation are still listed.
    assert "统计工作规定" in listed
