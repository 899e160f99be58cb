"""The index documents of a batch of policies: each plugin asked once for the batch
(``extra_search_fields_batch`` / ``extra_search_text_batch``), the same documents as
one policy at a time, and a number of queries that does not grow with the policies."""

from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.api.queries import interpretations_by_policy
from cms.models import PolicyPage, PublicationStamp
from search import documents

pytestmark = pytest.mark.django_db

INTERPRETED = [{"body": []}]


def installed(plugin: str) -> bool:
    return apps.is_installed(f"plugins.{plugin}")


@pytest.fixture
def library(publish_policy, agency, division, django_capture_on_commit_callbacks):
    """Policies with and without each enabled plugin's data: service links (a usable item
    and a broken one), a published and an unpublished FAQ entry, validity records with a
    relation; ``add(n)`` publishes n plain policies more."""
    made = {"plain": publish_policy("关于统计工作的通知", interpretations=INTERPRETED)}
    if installed("govservice"):
        from plugins.govservice.models import ServiceItem, ServiceLink

        usable = ServiceItem.objects.create(
            code="11350200MB0001-XK-001", name="部门统计调查项目审批", url="https://a.example/1"
        )
        broken = ServiceItem.objects.create(
            code="11350200MB0002-XK-002",
            name="统计执法检查",
            url="https://a.example/2",
            health=ServiceItem.Health.BROKEN,
        )
        for name, items in (("linked", [usable, broken]), ("broken_only", [broken])):
            policy = publish_policy(f"{name}统计调查项目管理办法", interpretations=INTERPRETED)
            draft = policy.get_latest_revision_as_object()
            draft.service_links = [ServiceLink(item=item, note="第八条") for item in items]
            with django_capture_on_commit_callbacks(execute=True):
                draft.save_revision().publish()
            made[name] = policy
    if installed("messageboard"):
        from plugins.messageboard.models import FaqEntry

        made["faq"] = publish_policy("关于统计报表报送的通知")
        FaqEntry.objects.create(policy=made["faq"], question="怎样报送？", answer="按季度。")
        FaqEntry.objects.create(
            policy=made["faq"], question="何时截止？", answer="月底。", sort_order=1
        )
        FaqEntry.objects.create(
            policy=made["faq"], question="未公开的问题", answer="无。", published=False
        )
    if installed("validity"):
        from plugins.validity.models import PolicyRelation, ValidityTerms

        def normative(title, relations=()):
            policy = PolicyPage(
                title=title,
                live=False,
                agency=agency,
                division=division,
                issued_on=date(2024, 3, 1),
                doc_type="normative",
            )
            policy.validity_terms = [ValidityTerms()]
            policy.validity_relations = [
                PolicyRelation(kind=kind, target=target) for kind, target in relations
            ]
            agency.library.add_child(instance=policy)
            with django_capture_on_commit_callbacks(execute=True):
                policy.save_revision().publish()
            return PolicyPage.objects.get(pk=policy.pk)

        made["repealed"] = normative("关于统计调查管理的规定")
        made["repealing"] = normative("统计调查管理办法", [("repeals", made["repealed"])])
        made["notice"] = publish_policy("关于统计年报的通知", doc_type="notice")

    def add(n):
        for i in range(n):
            publish_policy(f"第{i}号统计通知", interpretations=INTERPRETED if i % 2 else ())

    made["add"] = add
    return made


def one_at_a_time() -> list[dict]:
    """Each public policy's document built alone, through the single hooks."""
    built = []
    for pk in documents.public_ids():
        policy = documents._public_queryset().get(pk=pk)
        interpretations = interpretations_by_policy([policy], fields=None).get(pk, [])
        built.append(documents.policy_document(policy, interpretations))
    return sorted(built, key=lambda document: document["id"])


def test_a_batch_builds_the_documents_one_policy_at_a_time_builds(library):
    library["add"](3)
    batched = list(documents.documents())
    assert batched == one_at_a_time()
    by_id = {document["id"]: document for document in batched}
    assert len(by_id) == documents.count()
    plugins = {pk: document["plugins"] for pk, document in by_id.items()}
    extra = {pk: document["extra_n"] for pk, document in by_id.items()}
    # Each plugin's data is there (the comparison above is not of empty documents).
    if installed("govservice"):
        assert plugins[library["linked"].pk]["govservice"] == {"online": "yes"}
        assert plugins[library["broken_only"].pk]["govservice"] == {"online": "no"}
        assert "部门统计调查项目审批" in extra[library["linked"].pk]
        assert "统计执法检查" not in extra[library["linked"].pk]
    if installed("messageboard"):
        assert "怎样报送" in extra[library["faq"].pk] and "未公开" not in extra[library["faq"].pk]
        assert extra[library["faq"].pk].index("怎样报送") < extra[library["faq"].pk].index("何时")
    if installed("validity"):
        assert plugins[library["repealed"].pk]["validity"] == {"state": "repealed"}
        assert plugins[library["repealing"].pk]["validity"] == {"state": "in_force"}
        assert "validity" not in plugins[library["notice"].pk]
        assert "validity" not in plugins[library["plain"].pk]


def rebuild_queries() -> tuple[int, int]:
    """(documents, queries) of reading every document as a rebuild does, at a new stamp
    (nothing kept for an older one counts)."""
    list(documents.documents())  # the site's root paths, read once per process
    PublicationStamp.bump()
    with CaptureQueriesContext(connection) as queries:
        built = list(documents.documents())
    return len(built), len(queries)


def test_the_queries_of_a_rebuild_do_not_grow_with_the_policies(library):
    few, before = rebuild_queries()
    library["add"](8)
    many, after = rebuild_queries()
    assert many == few + 8
    assert after == before
