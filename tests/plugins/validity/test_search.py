"""Validity in search: a filter and a facet on every engine, and the registration number
as a search term."""

from tests.plugins.validity.conftest import record


def search(client, **params):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 200, response.content[:400]
    return response.json()


def test_search_filters_and_counts_by_validity(client, search_backend, normative):
    old = normative("关于统计调查项目管理的规定")
    new = normative("统计调查项目管理办法", relations=[("repeals", old)])

    found = search(client, q="统计调查项目")
    facet = {
        f["value"]: (f["label"], f["count"]) for f in found["facets"]["plugins.validity.state"]
    }
    assert facet == {
        "validity.state=in_force": ("现行有效", 1),
        "validity.state=repealed": ("已废止", 1),
    }
    repealed = search(client, q="统计调查项目", plugin="validity.state=repealed")
    assert [hit["id"] for hit in repealed["hits"]] == [old.pk]
    assert repealed["hits"][0]["plugins"]["validity"] == {"state": "repealed"}

    number = record(new).registration_number
    assert [hit["id"] for hit in search(client, q=number)["hits"]] == [new.pk]


def test_the_search_page_shows_the_badges_the_lists_show(client, normative, settings, tmp_path):
    # Tester: /search/ showed no 现行有效 / 已废止, where the home page and the libraries do.
    import re

    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "index"
    old = normative("关于统计调查项目管理的规定")
    normative("统计调查项目管理办法", relations=[("repeals", old)])
    normative("关于统计调查项目的通知", doc_type="notice")

    html = client.get("/search/", {"q": "统计调查项目"}).content.decode()
    hits = {
        re.sub(r"</?mark>", "", title): badges
        for title, badges in re.findall(r'<h3><a href="[^"]*">(.*?)</a>(.*?)</h3>', html)
    }
    assert hits["统计调查项目管理办法"] == (
        ' <span class="badges"><span class="badge badge-validity-in_force">现行有效</span></span>'
    )
    assert "badge-validity-repealed" in hits["关于统计调查项目管理的规定"]
    assert hits["关于统计调查项目的通知"] == ""  # a notice has no validity
