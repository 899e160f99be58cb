"""An interpretation's page says, as its policy's does, that the policy is no longer in
force (hook ``policy_notices``), and a policy with nothing to say costs its
interpretations' pages no query of the plugin."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _validity_queries(client, url) -> list[str]:
    client.get(url)  # the first view reads what the publication stamp keeps
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries if "validity_" in q["sql"]]


def test_the_interpretation_of_an_expired_policy_says_so(normative, make_interpretation, client):
    from plugins.validity import lifecycle
    from plugins.validity.models import PolicyValidity, State

    policy = normative("关于统计调查管理的规定")
    interpretation = make_interpretation(policy, "《关于统计调查管理的规定》解读")
    assert "validity-notice" not in client.get(interpretation.url).content.decode()

    record = PolicyValidity.objects.get(policy=policy)
    lifecycle.change(record, State.EXPIRED, changed_by=None, cause=None, on=date(2025, 1, 1))
    expired_on = record.expires_on or ""
    policy_page = client.get(policy.url).content.decode()
    html = client.get(interpretation.url).content.decode()
    assert 'class="validity-notice validity-expired"' in policy_page
    assert 'class="validity-notice validity-expired"' in html
    # Said of the policy interpreted there, not of "this document" (the interpretation).
    assert f"本文件已于{expired_on}失效" in policy_page and "所解读的文件" not in policy_page
    assert "<strong>已失效</strong>" in html and f"所解读的文件已于{expired_on}失效" in html
    assert "本文件" not in html


def test_the_interpretation_of_a_repealed_policy_links_the_repealing_one(
    normative, make_interpretation, client
):
    old = normative("关于统计调查项目管理的规定")
    interpretation = make_interpretation(old, "《关于统计调查项目管理的规定》解读")
    new = normative("统计调查项目管理办法", relations=[("repeals", old)])

    html = client.get(interpretation.url).content.decode()
    assert "<strong>已废止</strong>" in html
    assert "所解读的文件已被《统计调查项目管理办法》废止" in html and f'href="{new.url}"' in html
    assert "本文件" not in html
    policy_page = client.get(old.url).content.decode()
    assert "本文件已被《统计调查项目管理办法》废止" in policy_page
    assert "所解读的文件" not in policy_page


def test_a_policy_with_nothing_to_say_costs_its_interpretation_no_query(
    normative, make_interpretation, client
):
    policy = normative("关于统计调查管理的规定")
    interpretation = make_interpretation(policy, "《关于统计调查管理的规定》解读")
    assert _validity_queries(client, interpretation.url) == []
    assert "validity-notice" not in client.get(interpretation.url).content.decode()
