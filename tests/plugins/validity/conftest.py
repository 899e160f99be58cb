"""Policies with validity terms and relations, saved and published as an editor does."""

from datetime import date

import pytest
from django.apps import apps

# The search lanes of tests/search, for the filter and facet on every engine.
from tests.search.conftest import search_backend, search_proxy  # noqa: F401

# With the plugin switched off (POLICY_PLUGINS), its tests have nothing to test.
collect_ignore_glob = [] if apps.is_installed("plugins.validity") else ["test_*.py"]


@pytest.fixture
def normative(agency, division, django_capture_on_commit_callbacks):
    """Save a normative document with its dates and relations in a revision, and publish
    that revision (as the bundle does); return the policy read back from the database."""
    from cms.models import PolicyPage
    from plugins.validity.models import PolicyRelation, ValidityTerms

    def make(
        title="关于统计调查管理的规定",
        *,
        effective_from=None,
        expires_on=None,
        relations=(),
        live=True,
        **fields,
    ):
        fields.setdefault("issued_on", date(2024, 3, 1))
        fields.setdefault("doc_type", "normative")
        policy = PolicyPage(title=title, live=False, agency=agency, division=division, **fields)
        policy.validity_terms = [
            ValidityTerms(effective_from=effective_from, expires_on=expires_on)
        ]
        policy.validity_relations = [
            PolicyRelation(kind=kind, target=target) for kind, target in relations
        ]
        agency.library.add_child(instance=policy)
        revision = policy.save_revision()
        if live:
            with django_capture_on_commit_callbacks(execute=True):
                revision.publish()
        return PolicyPage.objects.get(pk=policy.pk)

    return make  # fmt: skip


def record(policy):
    from plugins.validity.models import PolicyValidity

    return PolicyValidity.objects.get(policy_id=policy.pk)
