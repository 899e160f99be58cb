"""The browser tests lift Django's async guard for themselves only (issue 24.21).

The two tests run in this order, in one worker (loadscope keeps a module together); both
commit, as the browser tests do, so that the module runs with them, after the tests that
roll back (a committing test leaves its worker's database empty)."""

import os

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_browser_test_runs_with_the_async_guard_lifted(chromium):
    assert os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") == "true"


@pytest.mark.browser  # it checks what the browser test left; it runs where that one runs
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_tests_after_it_run_with_the_guard_on():
    """Left set, the variable reached `manage.py check --deploy` in the settings tests,
    which then failed (async.E001) in a plain serial `make test`."""
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
