"""The interface every search backend implements, and what it returns."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from search.query import Query


class SearchUnavailable(Exception):
    """The engine did not answer: it is down, refused the query, or needs a rebuild."""


@dataclass
class Hit:
    id: int
    score: float | None
    source: dict


@dataclass
class Result:
    total: int
    hits: list[Hit]
    # Raw facet buckets by facet name: agency and division ids, doc_type, topic, year,
    # and "plugin" ("plugin.field=value" terms), each (value, count), most frequent first.
    facets: dict[str, list[tuple]] = field(default_factory=dict)


class SearchBackend:
    """Index documents from ``search.documents`` and answer ``search.query.Query``.

    Matching is by the tokens of ``search.text`` (all must occur, in any text field);
    a document whose ``doc_number_key`` is one of the query's ``doc_numbers`` ranks
    first; filters combine with AND; facets count the documents that match.
    """

    name = ""

    def index_documents(self, documents: Iterable[dict]) -> int:
        """Add or replace documents; returns how many."""
        raise NotImplementedError

    def delete_documents(self, ids: Iterable[int]) -> None:
        raise NotImplementedError

    def search(self, query: Query) -> Result:
        raise NotImplementedError

    def rebuild(
        self, documents: Iterable[dict], on_progress: Callable[[int], None] | None = None
    ) -> int:
        """Replace the whole index with ``documents`` while searches keep working."""
        raise NotImplementedError

    def reset(self) -> None:
        """Drop every document (tests and a fresh start)."""
        raise NotImplementedError
