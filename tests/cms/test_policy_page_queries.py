"""A policy's page and its interpretations' pages cost the same queries whatever the policy
holds (issue 31): three interpretations, attachments and topics read no more than one of
each, and what every policy of a library shares (the breadcrumb, the agency) is read once
per publication stamp, not on every view."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model

from cms.models import PolicyAttachment, PolicyPage
from tests.conftest import record_compiled_sql

pytestmark = pytest.mark.django_db


def _policy(publish_policy, title, n):
    documents = [
        get_document_model().objects.create(
            title=f"附件{i}", file=ContentFile(b"%PDF-1.4\n", name=f"attachment-{i}.pdf")
        )
        for i in range(n)
    ]
    policy = publish_policy(
        title,
        topics=[f"主题{i}" for i in range(n)],
        interpretations=[{"title": f"《{title}》解读{i}"} for i in range(n)],
    )
    draft = policy.get_latest_revision_as_object()
    draft.attachments = [PolicyAttachment(document=document) for document in documents]
    draft.save_revision().publish()
    return PolicyPage.objects.get(pk=policy.pk)


def _queries(client, url) -> list[str]:
    client.get(url)  # the first view reads what the publication stamp keeps
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _interpretation_url(policy):
    from interpretations.models import InterpretationPage

    return InterpretationPage.objects.child_of(policy).live().order_by("pk").first().url


def test_a_policy_with_three_of_everything_costs_what_one_with_one_costs(client, publish_policy):
    one = _policy(publish_policy, "关于一项工作的通知", 1)
    three = _policy(publish_policy, "关于三项工作的通知", 3)

    page = client.get(three.url).content.decode()
    for i in range(3):  # all shown, each once
        assert page.count(f"《关于三项工作的通知》解读{i}") == 1
        assert page.count(f">附件{i}</a>") == 1
        assert page.count(f'<span class="topic">主题{i}</span>') == 1

    assert len(_queries(client, three.url)) == len(_queries(client, one.url))
    assert len(_queries(client, _interpretation_url(three))) == len(
        _queries(client, _interpretation_url(one))
    )


def test_what_a_library_shares_is_not_read_on_every_view(client, publish_policy):
    first = _policy(publish_policy, "关于一项工作的通知", 1)
    second = _policy(publish_policy, "关于另一项工作的通知", 1)
    client.get(first.url)

    # Another policy of the same library: its breadcrumb and agency are those kept.
    queries = _queries(client, second.url)
    assert not [sql for sql in queries if '"cms_agency"' in sql]
    assert not [sql for sql in queries if "LIKE" in sql and '"wagtailcore_page"."path"' in sql]
    page = client.get(second.url).content.decode()
    assert "测试市统计局" in page  # the agency named in the metadata table and the tags
    assert f'<a href="{first.get_parent().url}">' in page  # the library in the breadcrumb


def test_a_policy_renamed_or_an_agency_renamed_shows_at_once(client, publish_policy, agency):
    policy = _policy(publish_policy, "关于一项工作的通知", 1)
    client.get(policy.url)
    agency.name = "测试市数据局"
    agency.save()
    library = policy.get_parent().specific
    library.title = "数据局文件库"
    library.save_revision().publish()
    page = client.get(policy.url).content.decode()
    assert "测试市数据局" in page and "测试市统计局" not in page
    assert ">数据局文件库</a>" in page


def test_a_policy_without_attachments_reads_none(client, publish_policy):
    bare = _policy(publish_policy, "关于没有附件的通知", 0)
    attached = _policy(publish_policy, "关于有附件的通知", 1)
    # The set of policies with attachments, kept for the stamp, says the first has none.
    assert not [sql for sql in _queries(client, bare.url) if '"cms_policyattachment"' in sql]
    assert (
        len([sql for sql in _queries(client, attached.url) if '"cms_policyattachment"' in sql]) == 1
    )
    assert ">附件0</a>" in client.get(attached.url).content.decode()


def test_a_second_policy_compiles_no_sql_for_its_pages(client, publish_policy, monkeypatch):
    """The topics, the listed interpretations and an interpretation's policy are read with
    SQL kept per publication stamp (cms.models.shapes): only the first page compiles it."""
    first = _policy(publish_policy, "关于一项工作的通知", 2)
    second = _policy(publish_policy, "关于另一项工作的通知", 2)
    for policy in (first, second):
        client.get(policy.url)
    client.get(_interpretation_url(first))
    interpretation_url = _interpretation_url(second)
    compiled = record_compiled_sql(monkeypatch)
    page = client.get(second.url).content.decode()
    assert client.get(interpretation_url).status_code == 200
    tables = ('"cms_policypagetopic"', '"interpretations_interpretationpage"', '"cms_policypage"')
    assert not [sql for sql in compiled if any(table in sql for table in tables)], compiled
    assert page.count("《关于另一项工作的通知》解读") == 2
    assert '<span class="topic">主题1</span>' in page


def test_a_publication_shows_at_once_on_the_policy_and_interpretation_pages(
    client, publish_policy, make_interpretation
):
    from wagtail.models import PageViewRestriction

    policy = publish_policy(
        "关于一项工作的通知", topics=["主题甲"], interpretations=[{"title": "同步解读"}]
    )
    interpretation_url = _interpretation_url(policy)
    assert "主题甲" in client.get(policy.url).content.decode()
    assert "主题甲" in client.get(interpretation_url).content.decode()

    # A follow-up published first (an earlier date) is still listed after the synchronous.
    follow_up = make_interpretation(policy, "跟踪解读", stage="follow_up")
    private = make_interpretation(policy, "受限解读", stage="follow_up")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    draft.topics.set(["主题乙"])
    draft.save_revision().publish()

    page = client.get(policy.url).content.decode()
    assert "主题乙" in page and "主题甲" not in page
    assert page.index("同步解读") < page.index("跟踪解读")
    assert "受限解读" not in page
    tags = client.get(interpretation_url).content.decode()
    assert "主题乙" in tags and "主题甲" not in tags

    # Its policy withdrawn, neither page is public any more.
    PolicyPage.objects.get(pk=policy.pk).unpublish()
    assert client.get(policy.url).status_code == 404
    assert client.get(follow_up.url).status_code == 404


def test_a_preview_shows_the_drafts_topics(admin_client, publish_policy):
    policy = publish_policy("关于一项工作的通知", topics=["主题甲"])
    admin_client.get(policy.url)
    draft = PolicyPage.objects.get(pk=policy.pk).get_latest_revision_as_object()
    draft.topics.set(["草稿主题"])
    revision = draft.save_revision()
    preview = admin_client.get(f"/admin/pages/{policy.pk}/revisions/{revision.pk}/view/")
    assert '<span class="topic">草稿主题</span>' in preview.content.decode()
    page = admin_client.get(policy.url).content.decode()
    assert '<span class="topic">主题甲</span>' in page and "草稿主题" not in page


def test_the_choices_labels_are_djangos():
    """``get_doc_type_display``, ``get_form_display`` and ``get_stage_display`` look the
    label up rather than translate every choice: the same answers as Django's."""
    from django.utils import translation

    from interpretations.models import InterpretationPage

    cases = [
        (PolicyPage, "doc_type"),
        (InterpretationPage, "form"),
        (InterpretationPage, "stage"),
    ]
    with translation.override("zh-hans"):
        for model, name in cases:
            field = model._meta.get_field(name)
            for value in [*(choice for choice, _label in field.choices), "unknown", ""]:
                page = model(**{name: value})
                ours = getattr(page, f"get_{name}_display")()
                assert ours == page._get_FIELD_display(field) and type(ours) is str, value
