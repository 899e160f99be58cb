"""A policy is found through every block of its interpretation's saved body, on every
backend (the body is the one saved and published, read back from the database)."""

import pytest

from tests.interpretations.bodies import BLOCKS

pytestmark = pytest.mark.django_db


def test_a_search_finds_the_policy_through_every_block(client, search_backend, published_bundle):
    policy_id, interpretation_id = published_bundle
    for block in BLOCKS:
        response = client.get("/api/v1/search", {"q": block.word})
        assert response.status_code == 200, response.content[:300]
        hits = response.json()["hits"]
        assert [hit["id"] for hit in hits] == [policy_id], block
        matched = hits[0]["matched_interpretations"]
        assert [m["id"] for m in matched] == [interpretation_id], block
        assert f"<mark>{block.word}</mark>" in " ".join(matched[0]["fragments"]), block
