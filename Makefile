# The README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test test-services prod-smoke lint format install clean messages bench-api bench-pages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the dependency list or the constraints change.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Where the demo serves, for the links in its mails (settings.WAGTAILADMIN_BASE_URL): both
# load_demo and the server's own process need it, or a mail sent from the admin links to
# port 8000 whatever PORT says. An explicit SITE_BASE_URL wins.
SITE_BASE_URL ?= http://127.0.0.1:$(PORT)
demo: export SITE_BASE_URL := $(SITE_BASE_URL)
demo: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "演示站点： http://127.0.0.1:$(PORT)/    管理后台： http://127.0.0.1:$(PORT)/admin/"
	@# What loading told the channels waits for the server (the webhook test receiver).
	$(BIN)/python manage.py send_pending_deliveries --when-up 127.0.0.1:$(PORT) &
	@# --insecure: the demo runs with DEBUG off (the site's own error pages), so runserver
	@# serves the static files only when told to.
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --insecure

# The whole default suite on both cores, exactly as CI's first lane runs it (pytest-xdist;
# each worker has its own test database; loadscope keeps a module's tests in one worker,
# since a search test's engine lanes compare what they sent) and --no-loadscope-reorder
# keeps pytest-django's order, so the tests that commit (and empty the worker's database
# when they end) run after every test that needs the migrations' pages (xdist would
# otherwise start the largest modules first). The API fuzzing runs apart,
# without -n: schemathesis gives every operation the same test id, which loadscope would
# run once. PYTEST_ARGS=... runs pytest once with those arguments instead.
test: $(STAMP)
ifeq ($(strip $(PYTEST_ARGS)),)
	$(BIN)/python -m pytest -n 2 --dist loadscope --no-loadscope-reorder --ignore tests/cms/api/test_fuzz.py
	$(BIN)/python -m pytest -q tests/cms/api/test_fuzz.py
else
	$(BIN)/python -m pytest $(PYTEST_ARGS)
endif

# The same suite on PostgreSQL and Redis; a skipped `services` test fails the run.
test-services: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/policy_cms} \
	CELERY_TEST_BROKER_URL=$${CELERY_TEST_BROKER_URL:-redis://127.0.0.1:6379/15} \
	REQUIRE_SERVICES=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

# The production stack as real processes (deploy/smoke.py): gunicorn behind nginx, a
# Celery worker and beat, search over HTTP; then the backup round trip. Needs nginx and
# PostgreSQL and Redis on 127.0.0.1.
prod-smoke: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[production]"
	@command -v nginx >/dev/null || apt-get install -y -qq nginx-light
	$(BIN)/python deploy/smoke.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Seeds 10,000 policies once (kept in bench/.cache), then loads the API with wrk.
bench-api: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[production]"
	@command -v wrk >/dev/null || apt-get install -y wrk
	$(BIN)/python bench/api.py $(BENCH_ARGS)

# The public pages and the API against issue 31's targets, e.g.
# BENCH_ARGS="--all --duration 5 --markdown" (databases kept in bench/.cache).
bench-pages: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[production]"
	@command -v wrk >/dev/null || apt-get install -y wrk
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media static var

# Extract and compile the Chinese catalogue of each app (needs gettext). cms's makemessages
# (cms/management/commands/makemessages.py) adds no fuzzy guesses, keeps out the msgids left to
# Wagtail's and Django's catalogues and leaves an unchanged catalogue as it was: a second run
# changes nothing. New msgids come in untranslated: tests/test_translation_catalogs.py fails
# until each is translated (or, if Wagtail's wording is wanted, listed in UPSTREAM_MSGIDS).
messages: $(STAMP)
	for app in cms interpretations search plugins/channels plugins/messageboard plugins/validity plugins/govservice plugins/disclosure_requests plugins/consultation; do \
	  (cd $$app && PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=policy_cms.settings.demo \
	   $(CURDIR)/$(BIN)/django-admin makemessages -l zh_Hans --no-location --no-wrap --no-obsolete && \
	   PYTHONPATH=$(CURDIR) DJANGO_SETTINGS_MODULE=policy_cms.settings.demo $(CURDIR)/$(BIN)/django-admin compilemessages) || exit 1; \
	done
