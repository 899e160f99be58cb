"""Schemathesis against the API's own OpenAPI schema: no input gives a 5xx, and every
response (200, 304, 400, 404) matches what the schema says. The public HTML pages' query
parameters and form fields, described below as an OpenAPI document without bounds, get
no 5xx either, whatever whole number or text they are sent."""

from datetime import date

import pytest
import schemathesis
from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.cms.api.conftest import get_json


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


CHECKED_BEYOND_SCHEMA = {("POST", "/api/v1/disclosure-requests"), ("GET", "/api/v1/search")}

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
    # Input of the right shape that is still wrong answers 400: an application for
    # information carries an identity number with a check character, and the way to obtain
    # decides which contact is required, a search's year range may not end before it
    # starts and its q must hold a word (not only emoji or punctuation), which no schema
    # can state.
    refuses_some_valid = (case.method.upper(), case.path) in CHECKED_BEYOND_SCHEMA
    case.call_and_validate(excluded_checks=[positive_data_acceptance] if refuses_some_valid else [])


def test_the_schema_is_valid_openapi(client):
    # Loading validates the document against the OpenAPI 3 meta-schema.
    raw = get_json(client, "/api/v1/openapi.json")
    loaded = schemathesis.openapi.from_dict(raw)
    paths = {operation.ok().path for operation in loaded.get_all_operations()}
    # Six read endpoints and search, and whatever the enabled plugins add.
    assert {"/api/v1/policies", "/api/v1/search", "/api/v1/topics"} <= paths


def _parameters(where: str, **types) -> list[dict]:
    return [
        {"name": name, "in": where, "required": where == "path", "schema": {"type": kind}}
        for name, kind in types.items()
    ]


def _page(*parameters, form: dict | None = None) -> dict:
    get = {"parameters": list(parameters), "responses": {"default": {"description": "HTML"}}}
    operations = {"get": get}
    if form is not None:
        body = {"type": "object", "properties": {k: {"type": v} for k, v in form.items()}}
        operations["post"] = {
            "parameters": get["parameters"],
            "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": body}}},
            "responses": {"default": {"description": "HTML"}},
        }
    return operations


# The public pages' integer parameters, unbounded: out-of-range years, ids and pages
# (0, 99999, 9999999999, 2**70) must be refused or ignored, never a 500. The library is
# the fixture agency's (org code 000014349).
LIBRARY_QUERY = _parameters("query", year="integer", page="integer", doc_type="string")
PAGES = {
    "/lib-000014349/": _page(*LIBRARY_QUERY, *_parameters("query", topic="string")),
    "/search/": _page(
        *_parameters(
            "query",
            q="string",
            agency="integer",
            division="integer",
            year_from="integer",
            year_to="integer",
            page="integer",
        )
    ),
    "/feeds/agencies/{agency}.rss": _page(*_parameters("path", agency="integer")),
}
if apps.is_installed("plugins.messageboard"):
    PAGES["/messages/"] = _page(
        *_parameters("query", policy="integer", page="integer"),
        form={
            "policy": "integer",
            "category": "string",
            "subject": "string",
            "body": "string",
            "name": "string",
            "contact": "string",
        },
    )
if apps.is_installed("plugins.disclosure_requests"):
    PAGES["/disclosure-requests/"] = _page(
        *_parameters("query", policy="string"),
        form={
            "applicant_type": "string",
            "name": "string",
            "id_type": "string",
            "id_number": "string",
            "phone": "string",
            "email": "string",
            "information": "string",
            "form": "string",
            "way": "string",
            "agency": "integer",
            "policy": "string",
        },
    )
    PAGES["/disclosure-requests/track/"] = _page(
        *_parameters("query", code="string"),
        form={"code": "string", "contact": "string", "action": "string", "answer": "string"},
    )
if apps.is_installed("plugins.validity"):
    PAGES["/validity/campaigns/{campaign_id}/"] = _page(*_parameters("path", campaign_id="integer"))


class _BrowserlessHandler(WSGIHandler):
    """The site as the test client sees it: forms are posted without a CSRF token."""

    def get_response(self, request):
        request._dont_enforce_csrf_checks = True
        return super().get_response(request)


pages_schema = schemathesis.openapi.from_dict(
    {"openapi": "3.0.3", "info": {"title": "public pages", "version": "1"}, "paths": PAGES}
)
pages_schema.app = _BrowserlessHandler()


@pytest.mark.once
@pages_schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_public_pages_never_answer_500(case, api_data):
    case.call_and_validate(checks=[not_a_server_error])
