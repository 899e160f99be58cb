from datetime import date

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limit_counters():
    # Counters live in the (per-process) cache; each test starts within its limit.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def publish_policy(agency, division):
    """Publish a policy with topics and optional interpretations; returns the policy."""
    from cms.models import PolicyPage
    from interpretations.models import InterpretationPage

    def make(title="关于测试工作的通知", *, topics=(), interpretations=(), live=True, **fields):
        fields.setdefault("issued_on", date(2024, 3, 1))
        fields.setdefault("agency", agency)
        fields.setdefault("division", division)
        policy = PolicyPage(title=title, live=False, **fields)
        (fields["agency"]).library.add_child(instance=policy)
        policy.topics.add(*topics)
        revision = policy.save_revision()
        if live:
            revision.publish()
        policy = PolicyPage.objects.get(pk=policy.pk)
        for spec in interpretations:
            spec = {"title": f"《{title}》解读", **spec}
            page_live = spec.pop("live", live)
            page = InterpretationPage(live=False, **spec)
            policy.add_child(instance=page)
            page_revision = page.save_revision()
            if page_live:
                page_revision.publish()
        return PolicyPage.objects.get(pk=policy.pk)

    return make


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()
