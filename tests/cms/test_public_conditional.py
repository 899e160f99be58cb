"""Public pages answer conditional requests from the publication stamp
(cms/public/conditional.py): an ETag per page and stamp, 304 without rendering, and
no ETag that outlives a publication, a withdrawal or a restriction."""

from datetime import date

import pytest
from django.apps import apps
from django.test import Client
from wagtail.models import PageViewRestriction

from cms.models import PolicyPage
from cms.review.bundle import withdraw_bundle


def get(client, url, etag=None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(url, **headers)


@pytest.fixture
def library_url(agency, publish_policy):
    publish_policy("关于统计调查的通知", interpretations=[{"stage": "synchronous"}])
    return agency.library.url


def test_a_library_page_is_public_and_answers_304_without_rendering(
    client, library_url, django_assert_max_num_queries
):
    first = get(client, library_url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"p')
    assert first["Last-Modified"]
    cache_control = first["Cache-Control"]
    assert "public" in cache_control and "s-maxage=" in cache_control
    assert not first.cookies

    with django_assert_max_num_queries(1):  # the stamp, nothing else
        again = get(client, library_url, first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again.content == b""
    # Another page, or the same page with other parameters, has another ETag.
    assert get(client, library_url + "?year=2024")["ETag"] != first["ETag"]
    assert get(client, library_url + "?year=2024", first["ETag"]).status_code == 200


def test_publishing_changes_the_etag(client, library_url, publish_policy):
    first = get(client, library_url)
    publish_policy("关于新发布文件的通知", issued_on=date(2024, 5, 1))
    again = get(client, library_url, first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "关于新发布文件的通知" in again.content.decode()


def test_a_withdrawn_policy_is_never_served_from_an_old_etag(
    client, agency, publish_policy, django_capture_on_commit_callbacks
):
    """The visibility invariant: after a withdrawal, neither the library nor the policy's
    interpretation answers 304 to an ETag handed out while it was public."""
    policy = publish_policy("关于将被撤回文件的通知", interpretations=[{"stage": "synchronous"}])
    interpretation = policy.get_children().live().first()
    library, interpretation_url = agency.library.url, interpretation.url
    before = {url: get(client, url)["ETag"] for url in (library, interpretation_url)}
    assert all(before.values())

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_bundle(PolicyPage.objects.get(pk=policy.pk))

    listed = get(client, library, before[library])
    assert listed.status_code == 200
    assert "关于将被撤回文件的通知" not in listed.content.decode()
    assert get(client, interpretation_url, before[interpretation_url]).status_code == 404


def test_a_policy_kept_from_the_public_is_never_served_from_an_old_etag(
    client, agency, publish_policy
):
    """Withheld (a view restriction, or no longer proactive): no 304 either."""
    policy = publish_policy("关于将被限制文件的通知")
    library = agency.library.url
    etag = get(client, library)["ETag"]
    PageViewRestriction.objects.create(page=policy, restriction_type="login")
    listed = get(client, library, etag)
    assert listed.status_code == 200
    assert "关于将被限制文件的通知" not in listed.content.decode()

    etag = listed["ETag"]
    other = publish_policy("关于转为依申请公开文件的通知")
    etag = get(client, library)["ETag"]
    other.disclosure = "on_request"
    other.disclosure_reason = "依申请公开"
    other.save_revision().publish()
    listed = get(client, library, etag)
    assert listed.status_code == 200
    assert "关于转为依申请公开文件的通知" not in listed.content.decode()


@pytest.mark.skipif(
    not apps.is_installed("plugins.messageboard"), reason="the message board is not enabled"
)
def test_a_policy_page_is_public_and_answers_304(client, publish_policy):
    """The policy page links to the message board's form instead of carrying it: it is
    the same for every anonymous visitor, so a proxy may keep it and an ETag answers it."""
    policy = publish_policy()
    page = get(client, policy.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "csrfmiddlewaretoken" not in html and not page.cookies
    assert f'href="/messages/?policy={policy.pk}#ask"' in html  # the form, one click away
    assert page["ETag"].startswith('"p')
    assert "public" in page["Cache-Control"] and "s-maxage=" in page["Cache-Control"]
    again = get(client, policy.url, page["ETag"])
    assert again.status_code == 304 and again["ETag"] == page["ETag"]


@pytest.mark.skipif(
    not apps.is_installed("plugins.messageboard"), reason="the message board is not enabled"
)
def test_a_page_with_a_form_is_private_and_never_304(client, publish_policy):
    """The message form's page carries a CSRF token of the visitor's own: it must not be
    shared by a proxy, and gets no ETag."""
    policy = publish_policy()
    url = f"/messages/?policy={policy.pk}"
    page = get(client, url)
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.content.decode()
    assert "ETag" not in page
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    assert get(client, url, '"anything"').status_code == 200


def test_a_signed_in_visitor_gets_private_pages_and_no_304(library_url, django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    anonymous_etag = get(Client(), library_url)["ETag"]
    client = Client()
    client.force_login(user)
    page = get(client, library_url, anonymous_etag)
    assert page.status_code == 200
    assert "ETag" not in page
    assert "private" in page["Cache-Control"]


def test_admin_and_api_keep_their_own_headers(admin_client, library_url):
    assert "ETag" not in admin_client.get("/admin/")
    api = Client().get("/api/v1/policies")
    assert api["ETag"].startswith('"') and not api["ETag"].startswith('"p')


def test_the_visit_counter_counts_a_page_answered_304(client, library_url, settings):
    from cms.reports import visits

    settings.VISIT_COUNTER = True
    etag = get(client, library_url)["ETag"]
    again = client.get(library_url, HTTP_IF_NONE_MATCH=etag, HTTP_USER_AGENT="Mozilla/5.0")
    assert again.status_code == 304
    assert visits.is_counted(again.wsgi_request, again)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/messages/track/?code=ABC", "/consultations/track/?code=ABC", "/disclosure-requests/track/"],
)
def test_tracking_pages_keep_their_own_headers(client, url):
    """A page reached with a tracking code is the visitor's own: never public, no ETag."""
    page = client.get(url)
    assert "ETag" not in page
    assert "public" not in page.get("Cache-Control", "")
