from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "policy_search"
    verbose_name = _("Search")

    def ready(self):
        from cms import health

        from . import indexing  # noqa: F401  (connects the signal handlers)
        from .backends import ping

        health.register("search", ping)
