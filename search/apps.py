from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "policy_search"
    verbose_name = _("Search")

    def ready(self):
        from cms import health, index_sweep

        from . import indexing  # connects the signal handlers
        from .backends import ping

        health.register("search", ping)
        index_sweep.register(indexing.sweep_all_pending)
