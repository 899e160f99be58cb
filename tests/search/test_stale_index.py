"""The database decides what a search shows: a document the index still holds for a
policy that is gone (deleted, withdrawn before its task ran, or of another database)
never reaches an answer, on every backend."""

import pytest

from search.backends import get_backend
from search.documents import document_for

pytestmark = pytest.mark.django_db


def _ghost_of(document: dict, pk: int) -> dict:
    """A document as another database left it: ids that exist nowhere here."""
    return {
        **document,
        "id": pk,
        "title": f"{document['title']}（旧库）",
        "agency": {"id": 990000 + pk, "name": "已删除的机关"},
        "division": {"id": 880000 + pk, "name": "已删除的处室"},
    }


def test_hits_of_policies_that_no_longer_exist_are_dropped(
    client, search_backend, publish_policy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        real = publish_policy("关于候鸟监测统计的通知", summary="候鸟监测。")
    document = document_for(real.pk)
    get_backend().index_documents([_ghost_of(document, 777001), _ghost_of(document, 777002)])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/api/v1/search", {"q": "候鸟"})
    assert response.status_code == 200
    data = response.json()
    assert [hit["id"] for hit in data["hits"]] == [real.pk]
    assert data["total"] == 1
    # Facets name only agencies and divisions that exist: no bare ids.
    assert [b["label"] for b in data["facets"]["agency"]] == [real.agency.name]
    assert [b["label"] for b in data["facets"]["division"]] == [real.division.name]

    # The stale documents were removed: the next answer's counts are right as well.
    data = client.get("/api/v1/search", {"q": "候鸟"}).json()
    assert data["total"] == 1
    assert [b["count"] for b in data["facets"]["agency"]] == [1]

    page = client.get("/search/", {"q": "候鸟"}).content.decode()
    assert "旧库" not in page and "已删除的机关" not in page
