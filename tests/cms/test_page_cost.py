"""A public page's queries do not grow with the library (issue 31): bench/pages.py's
quick mode, on a small library grown threefold, in the test database."""

import io

import pytest
from django.apps import apps

from bench import pages

# The pages plugins add, measured when their plugin runs.
PLUGIN_PAGES = (
    ("messages", "plugins.messageboard"),
    ("validity", "plugins.validity"),
    ("consultations", "plugins.consultation"),
)


@pytest.mark.django_db
def test_no_public_page_reads_more_queries_in_a_larger_library(settings):
    settings.PUBLIC_VALUE_CACHE_SECONDS = 3600
    out = io.StringIO()
    grew = pages.quick((50, 150), repeat=1, modes=("cold",), out=out)
    report = out.getvalue()
    print(report)
    # Every page was measured and answered, at both sizes.
    for name in (
        "home",
        "library",
        "library_deep",
        "library_year",
        "policy",
        "interpretation",
        "search",
        "catalogue",
        "catalogue_deep",
        *(name for name, app in PLUGIN_PAGES if apps.is_installed(app)),
    ):
        assert f"\n{name} " in report, name
    assert " 500/" not in report and "/500" not in report
    assert grew == []
