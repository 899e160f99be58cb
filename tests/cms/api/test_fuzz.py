"""Schemathesis against the API's own OpenAPI schema: no input gives a 5xx, and every
response (200, 304, 400, 404) matches what the schema says."""

from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from .conftest import get_json


@pytest.fixture
def api_data(db, publish_policy, settings):
    settings.API_RATE_LIMIT = ""
    # As Django's test client does: a request must not close the test's connection
    # (on PostgreSQL that would end the test transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    for n in range(3):
        publish_policy(
            f"测试文件{n}",
            doc_number=f"测统〔2024〕{n}号",
            issued_on=date(2024, 1 + n, 1),
            topics=["统计"],
            interpretations=[{"form": "qa"}],
        )
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Loaded once, in-process: the schema view touches no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.once
@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, api_data):
    case.call_and_validate()


def test_the_schema_is_valid_openapi(client):
    # Loading validates the document against the OpenAPI 3 meta-schema.
    raw = get_json(client, "/api/v1/openapi.json")
    loaded = schemathesis.openapi.from_dict(raw)
    paths = {operation.ok().path for operation in loaded.get_all_operations()}
    # Six read endpoints and search, and whatever the enabled plugins add.
    assert {"/api/v1/policies", "/api/v1/search", "/api/v1/topics"} <= paths
