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
