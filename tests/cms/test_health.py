"""Liveness and readiness: /healthz answers while the process does; /readyz reports the
database, cache, broker and search, and is 503 when one fails."""

from policy_cms.celery import app


def test_healthz_answers_without_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_each_service(client, db, settings, tmp_path):
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "search"
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    checks = response.json()["checks"]
    assert set(checks) >= {"database", "cache", "broker", "search"}
    assert all(check["ok"] for check in checks.values())
    assert checks["broker"]["detail"] == "in-process"


def test_readyz_is_503_when_a_service_is_down_and_names_only_its_kind(client, db, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.SEARCH_URL = "http://127.0.0.1:9"  # nothing listens
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url="redis://127.0.0.1:9/0", task_always_eager=False)
    try:
        response = client.get("/readyz")
    finally:
        app.conf.update(**saved)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert not body["checks"]["search"]["ok"] and not body["checks"]["broker"]["ok"]
    assert "127.0.0.1" not in response.content.decode()


def test_probes_answer_by_address_over_plain_http_in_production(client, db, settings):
    settings.ALLOWED_HOSTS = ["policy.example.gov.cn"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.0.7:8000").status_code in (200, 503)
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # the rest refuses
