"""The search backend the settings pick: ``embedded`` (the default when SEARCH_URL is
unset), ``elasticsearch`` (the official client) or ``opensearch`` (opensearch-py)."""

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from search.backends.base import Hit, Result, SearchBackend, SearchUnavailable
from search.query import Query

__all__ = ["Hit", "Result", "SearchBackend", "SearchUnavailable", "get_backend", "ping"]


def get_backend() -> SearchBackend:
    return _backend(
        settings.SEARCH_BACKEND,
        settings.SEARCH_URL,
        settings.SEARCH_INDEX,
        settings.SEARCH_ANALYZER,
        str(settings.SEARCH_EMBEDDED_PATH),
    )


@lru_cache(maxsize=8)
def _backend(kind, url, index, analyzer, path) -> SearchBackend:
    if kind == "embedded":
        # Only the engine in use is loaded (tantivy here, the Elasticsearch DSL below).
        from search.backends.embedded import EmbeddedBackend

        return EmbeddedBackend(path)
    if kind in ("elasticsearch", "opensearch"):
        # As above: the Elasticsearch DSL only for an Elasticsearch or OpenSearch engine.
        from search.backends.elastic import ElasticBackend, transport_for

        if not url:
            raise ImproperlyConfigured(f"SEARCH_BACKEND={kind} needs SEARCH_URL")
        return ElasticBackend(transport_for(kind, url), index=index, analyzer=analyzer)
    raise ImproperlyConfigured(f"Unknown SEARCH_BACKEND {kind!r}")


def ping() -> None:
    """Raise unless the engine answers a query (readiness; an index that needs a rebuild
    does not)."""
    get_backend().search(Query(limit=1, facets=False))
