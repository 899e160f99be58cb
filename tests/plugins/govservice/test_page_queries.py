"""The 办 buttons cost one query whatever the number of items (issue 31), and none on the
page of a policy that links to no item."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _queries(client, url) -> list[str]:
    client.get(url)  # the first view reads what the publication stamp keeps
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_three_items_cost_what_one_costs_and_none_costs_no_query(
    item, linked, publish_policy, client
):
    items = [
        item(f"https://zwfw.example/item/{i}", code=f"C-{i}", name=f"事项{i}") for i in range(3)
    ]
    one = linked(items[0], title="关于一项事项的办法")
    three = linked(*items, title="关于三项事项的办法")
    plain = publish_policy("关于不办事的通知")

    assert client.get(three.url).content.decode().count('class="service-button"') == 3
    on_one, on_three = _queries(client, one.url), _queries(client, three.url)
    assert len(on_three) == len(on_one)
    assert len([sql for sql in on_three if "govservice_" in sql]) == 1
    assert not [sql for sql in _queries(client, plain.url) if "govservice_" in sql]
    interpretation = three.get_children().live().get()
    assert len(_queries(client, interpretation.url)) == len(
        _queries(client, one.get_children().live().get().url)
    )
