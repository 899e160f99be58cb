"""Only live, proactive content ever leaves the API (bundle rule 7,
docs/architecture.md#bundle-rules), whatever the endpoint.

The demo holds a bundle in every state; the test decides what should be public from the
review report and the disclosure attribute, not from the query the API uses.
"""

import pytest
from django.core.management import call_command

from cms.models import PolicyPage
from cms.review.reports import bundle_rows
from interpretations.models import InterpretationPage
from tests.cms.api.conftest import get_json
from tests.cms.test_sitemap import sitemap_paths

HIDDEN_STATES = {"draft", "returned", "in_review", "scheduled", "withdrawn"}


def all_listed(client, **params):
    ids, page = [], 1
    while True:
        data = get_json(client, "/api/v1/policies", page=page, page_size=100, **params)
        ids += [item["id"] for item in data["items"]]
        if page >= data["num_pages"]:
            return ids, data["items"]
        page += 1


@pytest.mark.django_db
def test_no_endpoint_shows_anything_but_live_proactive_content(client, settings):
    settings.API_RATE_LIMIT = ""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rows = bundle_rows(PolicyPage.objects.all())
    public = {
        r.policy.pk for r in rows if r.state == "published" and r.policy.disclosure == "proactive"
    }
    hidden = [r for r in rows if r.policy.pk not in public]
    assert {r.state for r in hidden} >= HIDDEN_STATES
    assert any(r.policy.disclosure != "proactive" and r.policy.live for r in hidden)

    listed, _ = all_listed(client)
    assert sorted(listed) == sorted(public)
    for row in hidden:
        policy = row.policy
        assert client.get(f"/api/v1/policies/{policy.pk}").status_code == 404, row.state
        if policy.index_number:
            by_index = client.get(f"/api/v1/policies/by-index/{policy.index_number}")
            assert by_index.status_code == 404, row.state
        for interpretation in InterpretationPage.objects.child_of(policy):
            response = client.get(f"/api/v1/interpretations/{interpretation.pk}")
            assert response.status_code == 404, (row.state, interpretation.title)
        for topic in policy.topics.names():
            ids, _ = all_listed(client, topic=topic)
            assert policy.pk not in ids

    # Interpretations: exactly the live ones of public policies, by id and in lists.
    shown = set()
    for pk in public:
        detail = get_json(client, f"/api/v1/policies/{pk}")
        shown |= {i["id"] for i in detail["interpretations"]}
        for interpretation in InterpretationPage.objects.child_of(PolicyPage.objects.get(pk=pk)):
            status = client.get(f"/api/v1/interpretations/{interpretation.pk}").status_code
            assert status == (200 if interpretation.live else 404)
    expected = set(
        InterpretationPage.objects.live()
        .filter(
            pk__in=[
                i.pk
                for p in public
                for i in InterpretationPage.objects.child_of(PolicyPage.objects.get(pk=p))
            ]
        )
        .values_list("pk", flat=True)
    )
    assert shown == expected and shown

    # Topic counts are counts of public policies only.
    counts = {}
    for policy in PolicyPage.objects.filter(pk__in=public):
        for name in policy.topics.names():
            counts[name] = counts.get(name, 0) + 1
    topics = get_json(client, "/api/v1/topics")
    assert {t["name"]: t["count"] for t in topics} == counts

    # The sitemap lists the same: every public policy and shown interpretation, nothing
    # else of any bundle, and other pages only as a reader is served them.
    paths = set(sitemap_paths(client))
    every = InterpretationPage.objects.all()
    members = {p.url for p in PolicyPage.objects.all()} | {i.url for i in every}
    public_members = {p.url for p in PolicyPage.objects.filter(pk__in=public)}
    public_members |= {i.url for i in every.filter(pk__in=shown)}
    assert paths & members == public_members
    for path in paths - members:
        assert client.get(path).status_code == 200, path

    # The disclosure catalogue lists exactly the public policies.
    numbers, page = [], 1
    while True:
        data = get_json(client, "/api/v1/catalogue", page=page, page_size=100)
        numbers += [item["index_number"] for item in data["items"]]
        if page >= data["num_pages"]:
            break
        page += 1
    public_numbers = PolicyPage.objects.filter(pk__in=public).values_list("index_number", flat=True)
    assert sorted(numbers) == sorted(public_numbers)


@pytest.mark.django_db
def test_a_view_restriction_hides_a_policy_at_once(client, publish_policy):
    from wagtail.models import PageViewRestriction

    policy = publish_policy("受限文件", interpretations=[{"form": "text"}])
    interpretation = policy.get_children().get()
    url = f"/api/v1/policies/{policy.pk}"
    etag = client.get(url)["ETag"]
    PageViewRestriction.objects.create(page=policy, restriction_type="login")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404
    assert client.get(f"/api/v1/interpretations/{interpretation.pk}").status_code == 404
    assert get_json(client, "/api/v1/policies")["total"] == 0
    assert not {policy.url, interpretation.url} & set(sitemap_paths(client))
    PageViewRestriction.objects.all().delete()
    assert client.get(url).status_code == 200
    assert {policy.url, interpretation.url} <= set(sitemap_paths(client))
