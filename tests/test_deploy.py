"""The production files in deploy/: no container engine runs here, so they are checked
the way their tools would read them: the compose file against the compose
specification's schema, every variable documented, the systemd units and the nginx
site parsed."""

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def documented() -> set[str]:
    text = (DEPLOY / "env.example").read_text()
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, re.M))


def test_the_compose_file_follows_the_compose_specification():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(DEPLOY / "compose.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_variable_the_stack_reads_is_documented_in_env_example():
    compose = (DEPLOY / "compose.yaml").read_text()
    used = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", compose))
    assert {"POSTGRES_PASSWORD", "WEB_WORKERS"} <= used
    assert used <= documented(), used - documented()

    settings = "".join(path.read_text() for path in (ROOT / "policy_cms" / "settings").glob("*.py"))
    read = set(
        re.findall(r"(?:environ\.get|environ\[|env_int|env_bool)\(?\"([A-Z][A-Z0-9_]*)\"", settings)
    )
    assert {"SECRET_KEY", "DATABASE_URL", "OUTBOUND_ALLOW_PRIVATE"} <= read
    # Set by the test run, the CI lanes or the demo only, not by an operator.
    internal = {"CELERY_TEST_BROKER_URL", "REQUIRE_SERVICES", "WEBHOOK_TEST_RECEIVER_SECRET"}
    assert read - internal <= documented(), (read - internal) - documented()


def test_the_compose_stack_waits_for_healthy_services_and_migrates_once():
    import yaml

    stack = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = stack["services"]
    assert set(services) == {
        "postgres", "redis", "elasticsearch", "migrate", "web", "worker", "beat", "nginx"
    }  # fmt: skip
    for name, service in services.items():
        if name != "migrate":
            assert "healthcheck" in service, name
    for name in ("web", "worker", "beat"):
        needs = services[name]["depends_on"]
        assert needs["migrate"]["condition"] == "service_completed_successfully"
        assert needs["postgres"]["condition"] == "service_healthy"
        assert "migrate" not in " ".join(map(str, services[name]["command"]))
    assert services["migrate"]["command"][-1] == "migrate_locked"
    assert services["beat"]["deploy"]["replicas"] == 1
    assert "--max-requests-jitter" in services["web"]["command"]
    assert set(stack["volumes"]) >= {"pgdata", "media", "esdata"}


def test_the_image_runs_as_a_user_with_only_the_production_extra():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^USER cms$", dockerfile, re.M)
    assert '".[production]"' in dockerfile and "[test]" not in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert {"build", "app", "nginx"} <= set(re.findall(r"^FROM \S+ AS (\w+)", dockerfile, re.M))


UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


@pytest.mark.parametrize("unit", UNITS, ids=[unit.name for unit in UNITS])
def test_the_systemd_units(unit):
    if shutil.which("systemd-analyze"):
        result = subprocess.run(
            ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True
        )
        # A unit's programs and user exist only on the server it is made for.
        problems = [
            line
            for line in result.stderr.splitlines()
            if "/srv/policy-cms" not in line and "policy-cms" not in line.split(":")[0]
        ]
        assert not [p for p in problems if "error" in p.lower()], result.stderr
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read_string(unit.read_text())
    assert {"Unit", "Service", "Install"} <= set(parser.sections())
    service = parser["Service"]
    assert service["User"] == "policy-cms" and service["Restart"] == "on-failure"
    assert service["ExecStart"].startswith("/srv/policy-cms/venv/bin/")
    assert service["EnvironmentFile"] == "/etc/policy-cms/env"
    assert parser["Install"]["WantedBy"] == "multi-user.target"


def test_the_nginx_site():
    site = (DEPLOY / "nginx" / "policy-cms.conf.template").read_text()
    body = "\n".join(line.split("#")[0] for line in site.splitlines())
    assert body.count("{") == body.count("}")
    assert set(re.findall(r"\$\{([A-Z_]+)\}", body)) == {
        "UPSTREAM", "STATIC_ROOT", "MEDIA_ROOT", "TLS_CERTIFICATE", "TLS_CERTIFICATE_KEY",
        "PROXY_CACHE_ROOT", "CACHE_REFRESH_LISTEN", "CACHE_REFRESH_SECRET",
    }  # fmt: skip
    # Both address families, plain HTTP sent to HTTPS, HSTS on every HTTPS answer.
    for listen in ("listen 80;", "listen [::]:80;", "listen 443 ssl;", "listen [::]:443 ssl;"):
        assert listen in body, listen
    assert "return 301 https://$host$request_uri;" in body
    hsts = 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;'
    # server level, and each location that adds headers of its own (/static/, /media/, /)
    assert body.count(hsts) == 4
    assert "proxy_hide_header Strict-Transport-Security;" in body
    assert "client_max_body_size 50m;" in body and "gzip on;" in body
    assert re.search(r"location /media/documents/ \{\s*deny all;", body)
    assert 'add_header Cache-Control "public, immutable";' in body
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in body
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in body
    # The page cache: what the site's Cache-Control allows, never with a cookie, credentials
    # or a query, never the admin or the API; refreshed only with the site's secret.
    assert "proxy_cache_path ${PROXY_CACHE_ROOT} " in body
    assert re.search(r'map "\$http_cookie\$http_authorization\$args" \$policy_cms_no_cache', body)
    assert body.count("proxy_no_cache $policy_cms_no_cache;") == 1
    assert "proxy_cache_valid 200" not in body  # only what the site's headers allow
    assert "add_header X-Cache-Status $upstream_cache_status always;" in body
    uncached = re.search(r"location ~ \^/\(admin\|api\|documents\)/ \{(.*?)\}", body, re.S)
    assert uncached and "proxy_cache" not in uncached.group(1)
    assert '"x" 0;' in body and '"x${CACHE_REFRESH_SECRET}" 1;' in body
    assert re.search(r"if \(\$policy_cms_refresh = 0\) \{\s*return 403;", body)


@pytest.mark.parametrize("script", ["backup.sh", "restore.sh"])
def test_the_backup_scripts_parse_and_read_documented_settings(script):
    """make prod-smoke runs both for real (back up, drop, restore, compare); here, that
    they are executable POSIX shell reading only settings an operator knows."""
    path = DEPLOY / script
    assert path.stat().st_mode & 0o111
    subprocess.run(["sh", "-n", str(path)], check=True)
    read = set(re.findall(r"\$\{?([A-Z][A-Z0-9_]*)", path.read_text()))
    assert "DATABASE_URL" in read
    assert read - {"PYTHON"} <= documented(), read - documented()
