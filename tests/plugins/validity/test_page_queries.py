"""A policy's validity on its page costs the same queries whatever number of policies it
amends or repeals, or that amend it (issue 31); a policy in no relation reads none."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import record_compiled_sql

pytestmark = pytest.mark.django_db


def _queries(client, url) -> list[str]:
    client.get(url)  # the first view reads what the publication stamp keeps
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_relations_cost_the_same_whatever_their_number(normative, client):
    earlier = [normative(f"关于统计调查管理的规定（{i}）") for i in range(4)]
    one = normative("关于修改一项规定的决定", relations=[("amends", earlier[0])])
    three = normative(
        "关于修改三项规定的决定", relations=[("amends", policy) for policy in earlier[1:]]
    )
    alone = normative("关于统计调查的其他规定")

    html = client.get(three.url).content.decode()
    for policy in earlier[1:]:
        assert policy.title in html
    assert "关于修改一项规定的决定" in client.get(earlier[0].url).content.decode()

    on_one, on_three = _queries(client, one.url), _queries(client, three.url)
    assert len(on_three) == len(on_one)
    # Amended by one, or amended by one and amending none: the same.
    assert len(_queries(client, earlier[1].url)) == len(_queries(client, earlier[0].url))
    assert not [sql for sql in _queries(client, alone.url) if "validity_policyrelation" in sql]
    assert len([sql for sql in _queries(client, alone.url) if "validity_" in sql]) == 1


def test_the_api_detail_reads_the_validity_once_for_its_fields_and_its_badge(
    normative, client, settings
):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    policy = normative("关于统计调查的其他规定")
    url = f"/api/v1/policies/{policy.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        data = client.get(url).json()
    assert data["badges"] == [data["plugins"]["validity"]["state_label"]]
    queries = [query["sql"] for query in captured.captured_queries]
    assert len([sql for sql in queries if "validity_" in sql]) == 1
    assert len([sql for sql in queries if "cms_publicationstamp" in sql]) == 1


def test_a_list_reads_its_badges_from_the_states_kept_for_the_stamp(normative, client, agency):
    """The library page's badges (hook ``policy_badges``) read no validity once the
    states are kept for the publication stamp; a change of state moves the stamp."""
    from plugins.validity import lifecycle
    from plugins.validity.models import PolicyValidity, State

    policies = [normative(f"关于统计调查管理的规定（{i}）") for i in range(3)]
    url = agency.library.url
    queries = _queries(client, url)
    assert not [sql for sql in queries if "validity_" in sql], queries
    html = client.get(url).content.decode()
    assert html.count("badge-validity-in_force") == 3
    record = PolicyValidity.objects.get(policy=policies[0])
    lifecycle.change(record, State.EXPIRED, changed_by=None, cause=None, on=date.today())
    html = client.get(url).content.decode()
    assert html.count("badge-validity-in_force") == 2
    assert html.count("badge-validity-expired") == 1


def test_a_policy_page_reads_its_validity_with_sql_kept_and_shows_a_change_at_once(
    normative, client, monkeypatch
):
    """The validity record of a policy's page is read with SQL kept per publication stamp
    (``shaped_rows``): a second policy compiles none; a change of state shows at once."""
    from plugins.validity import lifecycle
    from plugins.validity.models import PolicyValidity, State

    first, second = normative("关于统计调查的规定"), normative("关于统计调查的其他规定")
    client.get(first.url)
    compiled = record_compiled_sql(monkeypatch)
    assert "<td>现行有效</td>" in client.get(second.url).content.decode()
    assert not [sql for sql in compiled if '"validity_policyvalidity"' in sql], compiled
    monkeypatch.undo()

    record = PolicyValidity.objects.get(policy=second)
    lifecycle.change(record, State.EXPIRED, changed_by=None, cause=None, on=date.today())
    html = client.get(second.url).content.decode()
    assert "<td>已失效</td>" in html and "<td>现行有效</td>" not in html


def test_the_api_reads_validity_from_kept_sql_and_states_and_follows_a_change(
    normative, client, settings
):
    """The API detail's validity record is read as a page's is, the list's
    badges from the states kept per stamp (no query); a change of state shows at once."""
    from plugins.validity import lifecycle
    from plugins.validity.models import PolicyValidity, State

    settings.API_RESPONSE_CACHE_SECONDS = 0
    policies = [normative(f"关于统计调查管理的规定（{i}）") for i in range(2)]
    detail = f"/api/v1/policies/{policies[0].pk}"
    assert not [sql for sql in _queries(client, "/api/v1/policies") if "validity_" in sql]
    assert client.get(detail).json()["plugins"]["validity"]["state"] == State.IN_FORCE
    record = PolicyValidity.objects.get(policy=policies[0])
    lifecycle.change(record, State.EXPIRED, changed_by=None, cause=None, on=date.today())
    data = client.get(detail).json()
    assert data["plugins"]["validity"]["state"] == State.EXPIRED
    assert data["badges"] == [data["plugins"]["validity"]["state_label"]]
    items = {i["id"]: i for i in client.get("/api/v1/policies").json()["items"]}
    assert items[policies[0].pk]["badges"] == data["badges"]
    assert items[policies[1].pk]["badges"] != data["badges"]
