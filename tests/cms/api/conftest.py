import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limit_counters():
    # Counters live in the (per-process) cache; each test starts within its limit.
    cache.clear()
    yield
    cache.clear()


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()
