from django.apps import AppConfig
from django.utils.translation import pgettext_lazy

from cms.operations import health, index_sweep
from search.backends import ping


class SearchConfig(AppConfig):
    name = "search"
    label = "policy_search"
    verbose_name = pgettext_lazy("public search", "Search")

    def ready(self):
        # In ready(): indexing imports models, which exist once the apps are loaded.
        from search import indexing  # connects the signal handlers

        health.register("search", ping)
        index_sweep.register(indexing.sweep_all_pending)
        index_sweep.register_schedule(indexing.schedule)  # a bundle's publication schedules
