"""Routing a page's path from memory (cms/public/routing.py) serves exactly what Wagtail's
own walk serves: the same page for every path, drafts and withdrawn pages 404, view
restrictions and non-public policies as before, a page type that routes its own sub-paths
handed the rest of the path; and a page costs one query to find, however deep it lies."""

from urllib.parse import unquote

import pytest
from django.db import connection
from django.http import Http404, HttpResponse
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from cms.models import PolicyLibraryPage, WebsiteReportIndexPage
from cms.models.stamps import stamp_of
from cms.public.routing import route
from cms.review.bundle import withdraw_bundle
from cms.rules.disclosure import Disclosure


def wagtail_route(rf, url):
    """What Wagtail's own walk answers for ``url`` (a fresh request each time), given
    the path as its URL pattern passes it (decoded)."""
    result = Page.route_for_request(rf.get(url), unquote(url))
    return result and (result.page.pk, type(result.page), result.args, result.kwargs)


def our_route(rf, url):
    result = route(rf.get(url), unquote(url))
    return result and (result.page.pk, type(result.page), result.args, result.kwargs)


@pytest.fixture
def tree(agency, publish_policy, make_policy):
    """A live policy with an interpretation, a draft policy, a withdrawn one, a policy
    kept from the public, a live column under a draft one."""
    live = publish_policy("关于统计调查的通知", interpretations=[{"stage": "synchronous"}])
    draft = make_policy("草稿文件", live=False)
    withdrawn = publish_policy("已撤回的文件")
    withdraw_bundle(withdrawn)
    kept = publish_policy(
        "依申请公开的文件", disclosure=Disclosure.ON_REQUEST, disclosure_reason="涉及第三方"
    )
    home = Site.objects.get(is_default_site=True).root_page
    column = home.add_child(instance=Page(title="草稿栏目", slug="draft-column", live=False))
    under_draft = column.add_child(instance=WebsiteReportIndexPage(title="报表", slug="reports"))
    return {
        "library": agency.library.url,
        "policy": live.url,
        "interpretation": live.get_children().live().first().url,
        "draft": f"{agency.library.url}{draft.slug}/",
        "withdrawn": f"{agency.library.url}{withdrawn.slug}/",
        "kept": kept.url,
        "under_draft": Page.objects.get(pk=under_draft.pk).url,
    }


# The paths Wagtail finds a page for (a page may still refuse to serve itself).
FOUND = {"/", "library", "policy", "interpretation", "kept", "under_draft"}
PATHS = [
    "/",
    "library",
    "policy",
    "interpretation",
    "draft",
    "withdrawn",
    "kept",
    "under_draft",
    "/no-such-page/",
    "policy+/extra/",
    "library+/no-such-policy/",
]


@pytest.mark.parametrize("name", PATHS)
def test_every_path_routes_to_what_wagtail_finds(rf, tree, name):
    base, _plus, extra = name.partition("+")
    url = tree.get(base, base) + extra.lstrip("/")
    found = wagtail_route(rf, url)
    assert our_route(rf, url) == found
    assert (found is not None) == (name in FOUND)


def test_drafts_and_withdrawn_pages_are_not_served(client, tree):
    assert client.get(tree["policy"]).status_code == 200
    assert client.get(tree["interpretation"]).status_code == 200
    for name in ("draft", "withdrawn", "kept"):
        assert client.get(tree[name]).status_code == 404, name
    # Wagtail walks through an unpublished parent to a live page.
    assert client.get(tree["under_draft"]).status_code == 200


def test_a_withdrawal_is_routed_at_once(client, publish_policy):
    policy = publish_policy("即将撤回的文件")
    assert client.get(policy.url).status_code == 200
    withdraw_bundle(policy)
    assert client.get(policy.url).status_code == 404
    policy.save_revision().publish()
    assert client.get(policy.url).status_code == 200


def test_a_renamed_page_is_found_at_its_new_path(client, publish_policy):
    policy = publish_policy("改名的文件")
    old = policy.url
    assert client.get(old).status_code == 200
    policy.slug = "renamed-policy"
    policy.save_revision().publish()
    assert client.get(old).status_code == 404
    new = Page.objects.get(pk=policy.pk).url
    assert new.endswith("/renamed-policy/")
    assert client.get(new).status_code == 200


def test_view_restrictions_are_kept(client, django_user_model, tree):
    library = PolicyLibraryPage.objects.get(url_path__endswith=tree["library"])
    restriction = PageViewRestriction.objects.create(
        page=library, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    # Every page below the restricted one asks for the password.
    for name in ("library", "policy", "interpretation"):
        response = client.get(tree[name])
        assert response.status_code == 200, name
        assert 'name="password"' in response.content.decode(), name
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{library.pk}/",
        {"password": "secret", "return_url": tree["policy"]},
    )
    assert response.status_code == 302
    assert "关于统计调查的通知" in client.get(tree["policy"]).content.decode()
    restriction.restriction_type = PageViewRestriction.LOGIN
    restriction.save()
    assert client.get(tree["policy"]).status_code == 302  # to the login
    restriction.delete()
    assert client.get(tree["policy"]).status_code == 200
    assert "password" not in client.get(tree["policy"]).content.decode()


def test_a_page_type_that_routes_its_sub_paths_gets_them(rf, client, monkeypatch, tree):
    """As RoutablePageMixin pages and pages serving sub-paths do: Wagtail hands the rest of
    the path to the page's own route, and so does the routing from memory."""

    def own_route(self, request, path_components):
        if path_components == ["received"]:
            return RouteResult(self, kwargs={"received": True})
        return Page.route(self, request, path_components)

    def own_serve(self, request, *args, received=False, **kwargs):
        if received:
            return HttpResponse(f"received by {self.title}")
        return Page.serve(self, request, *args, **kwargs)

    monkeypatch.setattr(PolicyLibraryPage, "route", own_route)
    monkeypatch.setattr(PolicyLibraryPage, "serve", own_serve)
    received = tree["library"] + "received/"
    assert our_route(rf, received) == wagtail_route(rf, received)
    assert client.get(received).content.decode() == "received by 测试市统计局"
    for name in ("policy", "interpretation", "draft"):
        assert our_route(rf, tree[name]) == wagtail_route(rf, tree[name]), name
    assert client.get(tree["policy"]).status_code == 200
    assert client.get(tree["library"] + "nothing/").status_code == 404

    def refusing_route(self, request, path_components):
        raise Http404

    monkeypatch.setattr(PolicyLibraryPage, "route", refusing_route)
    assert our_route(rf, tree["policy"]) is None


def test_a_page_is_found_with_one_query_however_deep(rf, tree):
    for name in ("library", "policy", "interpretation"):
        # The route and the restrictions decided for the stamp.
        path = unquote(tree[name])
        route(rf.get(tree[name]), path).page.get_view_restrictions()
        request = rf.get(tree[name])
        stamp_of(request)  # read by the conditional middleware before routing
        with CaptureQueriesContext(connection) as queries:
            found = route(request, path)
            assert not found.page.get_view_restrictions()  # no restriction: no query
        # A library (the top of the tree) is kept for the stamp: none.
        expected = 0 if name == "library" else 1
        assert len(queries) == expected, [q["sql"] for q in queries.captured_queries]


def test_serving_a_page_walks_no_segment(client, tree):
    """The requests Wagtail's walk makes (a child by slug for each segment, the ancestors
    for the view restrictions) are not made once the route is kept."""
    client.get(tree["interpretation"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(tree["interpretation"]).status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    assert not [q for q in sql if '"wagtailcore_page"."slug" =' in q]
    assert not [q for q in sql if '"wagtailcore_page"."alias_of_id" FROM' in q]
    assert not [q for q in sql if "wagtailcore_site" in q]


def test_the_admin_preview_is_not_routed(admin_client, make_policy):
    draft = make_policy("只在预览中的文件", live=False)
    revision = draft.latest_revision
    response = admin_client.get(f"/admin/pages/{draft.pk}/revisions/{revision.pk}/view/")
    assert response.status_code == 200
    assert "只在预览中的文件" in response.content.decode()


def test_a_page_at_the_top_is_read_once_per_stamp_and_copied(rf, tree, publish_policy):
    path = unquote(tree["library"])
    first = route(rf.get(tree["library"]), path).page
    first.title = "changed by a request"  # what a request sets stays its own
    again = route(rf.get(tree["library"]), path).page
    assert again is not first and again.title != "changed by a request"
    # A publication (a new stamp): read again.
    publish_policy("又一份文件")
    with CaptureQueriesContext(connection) as queries:
        route(rf.get(tree["library"]), path)
    assert any("cms_policylibrarypage" in q["sql"] for q in queries.captured_queries)
