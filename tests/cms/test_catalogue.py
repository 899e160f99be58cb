"""The government information disclosure catalogue (docs/architecture.md#public-site):
the public documents with their art. 12 fields, filtered and paged, a stable address
each, the same list in the API, linked from every library and footer."""

from datetime import date

import pytest

from cms.extend.page_tags import COLUMN, SITE
from cms.public import catalogue
from tests.cms.test_page_tags import tags_of
from tests.cms.test_sitemap import sitemap_paths


@pytest.fixture
def documents(publish_policy, make_policy):
    first = publish_policy("统计调查办法", topics=["统计"], summary="规范统计调查。")
    second = publish_policy("普查工作方案", topics=["普查"], issued_on=date(2025, 6, 1))
    withheld = publish_policy("内部文件", disclosure="withheld", disclosure_reason="涉密")
    draft = make_policy("草稿文件", live=False)
    return first, second, [withheld, draft]


@pytest.mark.django_db
def test_the_catalogue_lists_public_documents_with_their_fields(client, documents, monkeypatch):
    first, second, hidden = documents
    html = client.get("/catalogue/").content.decode()
    for text in (
        first.index_number,
        "统计调查办法",
        "规范统计调查。",
        "2024-03-01",
        "测试市统计局",
    ):
        assert text in html
    assert second.index_number in html
    assert not [p.title for p in hidden if p.title in html]
    assert "统计调查办法" not in client.get("/catalogue/", {"year": 2025}).content.decode()
    assert "普查工作方案" not in client.get("/catalogue/", {"topic": "统计"}).content.decode()
    by_agency = client.get("/catalogue/", {"agency": first.agency_id + 1}).content.decode()
    assert first.index_number not in by_agency
    for bad in ({"agency": "9" * 30}, {"year": "\x00"}, {"page": "-1"}, {"topic": "统" * 500}):
        assert client.get("/catalogue/", bad).status_code == 200
    monkeypatch.setattr(catalogue, "PAGE_SIZE", 1)
    paged = client.get("/catalogue/", {"page": 2}).content.decode()
    assert first.index_number in paged and second.index_number not in paged
    for number in ("0", "-1", "abc"):  # below 1 or not a number: the first page
        paged = client.get("/catalogue/", {"page": number}).content.decode()
        assert second.index_number in paged and first.index_number not in paged, number
    paged = client.get("/catalogue/", {"page": 99}).content.decode()  # past the end: the last
    assert first.index_number in paged and second.index_number not in paged
    # The topic is chosen from the catalogue's topics, not typed.
    html = client.get("/catalogue/", {"topic": "普查"}).content.decode()
    assert '<select name="topic">' in html and 'name="topic" maxlength' not in html
    assert '<option value="普查" selected>普查</option>' in html
    assert '<option value="统计">统计</option>' in html

    # A stable address per document, while it is public.
    response = client.get(f"/catalogue/{first.index_number}/")
    assert response.status_code == 302 and response["Location"] == first.url
    assert client.get(f"/catalogue/{hidden[0].index_number}/").status_code == 404

    # Linked from the library and every footer; a column with its tags; in the sitemap.
    library = client.get(first.get_parent().url).content.decode()
    assert f'href="/catalogue/?agency={first.agency_id}"' in library
    assert 'href="/catalogue/"' in client.get("/").content.decode()
    tags = tags_of(client, "/catalogue/")
    assert list(tags) == [*SITE, *COLUMN] and tags["ColumnName"] == "政府信息公开目录"
    assert "/catalogue/" in sitemap_paths(client)


@pytest.mark.django_db
def test_the_api_reads_the_same_catalogue(client, documents):
    first, _second, _hidden = documents
    data = client.get("/api/v1/catalogue").json()
    assert data["total"] == 2 and [i["title"] for i in data["items"]] == [
        "普查工作方案",
        "统计调查办法",
    ]
    item = data["items"][1]
    assert item == {
        "index_number": first.index_number,
        "title": "统计调查办法",
        "summary": "规范统计调查。",
        "formed_on": "2024-03-01",
        "agency": "测试市统计局",
        "agency_id": first.agency_id,
        "url": f"http://testserver/catalogue/{first.index_number}/",
    }
    assert client.get("/api/v1/catalogue", {"topic": "普查"}).json()["total"] == 1
    assert client.get("/api/v1/catalogue", {"year": 2024, "page_size": 1}).json()["num_pages"] == 1
    assert client.get("/api/v1/catalogue", {"agency": 2**64}).status_code == 400
