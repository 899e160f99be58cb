"""What the API list and detail keep per publication stamp (their SQL, a library's URL)
follows a publication, a withdrawal or a rename at once, with the bodies' cache off."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, Site

from cms.models import Agency, Division, PolicyPage
from interpretations.models import InterpretationPage
from tests.cms.api.conftest import get_json

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_body_cache(settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0


def _listed(client, **params):
    return {i["id"]: i for i in get_json(client, "/api/v1/policies", **params)["items"]}


def test_list_urls_are_the_pages_and_follow_a_renamed_library(client, publish_policy):
    other = Agency.objects.create(name="测试市财政局", short_name="测财", org_code="000014350")
    policies = [publish_policy("统计文件一"), publish_policy("统计文件二")]
    policies.append(
        publish_policy(
            "财政文件", agency=other, division=Division.objects.create(agency=other, name="预算处")
        )
    )
    listed = _listed(client)
    assert {pk: item["url"] for pk, item in listed.items()} == {
        p.pk: p.get_full_url() for p in policies
    }
    library = other.library
    library.slug = "caizheng-wenjian"
    library.save_revision().publish()
    moved = PolicyPage.objects.get(pk=policies[2].pk)
    assert "caizheng-wenjian" in moved.get_full_url()
    listed = _listed(client)
    assert listed[moved.pk]["url"] == moved.get_full_url()
    assert listed[policies[0].pk]["url"] == policies[0].get_full_url()


def test_a_policy_at_a_sites_root_or_with_an_odd_slug_is_reversed_as_wagtail_does(
    client, publish_policy
):
    plain, rooted, odd = (publish_policy(f"文件{n}") for n in range(3))
    Site.objects.create(
        hostname="rooted.example", port=80, root_page=Page.objects.get(pk=rooted.pk)
    )
    Page.objects.filter(pk=odd.pk).update(slug="a.b", url_path=odd.url_path[:-1] + ".b/")
    listed = _listed(client)
    request = RequestFactory().get("/api/v1/policies")  # the client's host
    for policy in (plain, rooted, odd):
        page = PolicyPage.objects.get(pk=policy.pk)
        assert listed[policy.pk]["url"] == (page.get_full_url(request) or "")
        detail = get_json(client, f"/api/v1/policies/{policy.pk}")
        assert detail["url"] == listed[policy.pk]["url"]


def test_interpretations_and_topics_follow_a_publication_at_once(client, publish_policy):
    first = publish_policy("第一件", topics=["统计"])
    second = publish_policy("第二件", interpretations=[{"form": "text"}])
    for url in ("/api/v1/policies", f"/api/v1/policies/{first.pk}"):
        client.get(url)  # the SQL is kept for this stamp
    assert _listed(client)[first.pk]["interpretations"] == []
    page = InterpretationPage(title="后来的解读", live=False, form="qa", stage="follow_up")
    first.add_child(instance=page)
    page.save_revision().publish()
    first.topics.add("数据")
    first.save_revision().publish()
    listed = _listed(client)
    assert [i["title"] for i in listed[first.pk]["interpretations"]] == ["后来的解读"]
    assert listed[first.pk]["topics"] == ["数据", "统计"]
    assert len(listed[second.pk]["interpretations"]) == 1
    detail = get_json(client, f"/api/v1/policies/{first.pk}")
    assert [i["title"] for i in detail["interpretations"]] == ["后来的解读"]
    assert detail["topics"] == ["数据", "统计"]


def test_a_withdrawn_policy_leaves_the_list_and_its_detail_at_once(client, publish_policy):
    kept, withdrawn = publish_policy("留下"), publish_policy("撤回")
    assert set(_listed(client)) == {kept.pk, withdrawn.pk}
    assert client.get(f"/api/v1/policies/{withdrawn.pk}").status_code == 200
    PolicyPage.objects.get(pk=withdrawn.pk).unpublish()
    assert set(_listed(client)) == {kept.pk}
    assert client.get(f"/api/v1/policies/{withdrawn.pk}").status_code == 404
    assert get_json(client, "/api/v1/policies", page=1, page_size=1)["total"] == 1
