"""A search request: its parameters (validated once, for the API and the HTML page) and
the normalized query every backend receives."""

from dataclasses import dataclass, field
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import model_validator

from cms.api.errors import combination_error
from cms.api.schemas import MAX_ID, DocTypeValue
from cms.extend import policy_filters
from search.text import doc_numbers_in, normalize, tokens

MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 50
MAX_PAGE = 1000
# Facets every result has; plugin fields add theirs as "plugins.<plugin>.<field>".
FACETS = ("agency", "division", "doc_type", "topic", "year")
PluginFilter = Annotated[
    str, Field(pattern=r"^[a-z0-9_\-]{1,40}\.[a-z0-9_\-]{1,40}=[^\x00-\x1f]{1,100}$")
]


class SearchParams(Schema):
    q: str = Field(
        "",
        max_length=MAX_QUERY_LENGTH,
        description="检索词，可为繁体或文号；只有表情、标点或空格时答 400（unrecognized_query）",
    )
    agency: int | None = Field(None, ge=1, le=MAX_ID)
    division: int | None = Field(None, ge=1, le=MAX_ID)
    doc_type: DocTypeValue | None = None
    topic: str | None = Field(None, max_length=100)
    year_from: int | None = Field(None, ge=1900, le=2200)
    year_to: int | None = Field(None, ge=1900, le=2200)
    plugin: list[PluginFilter] = Field(
        default_factory=list,
        max_length=10,
        description="插件字段过滤，形如 validity.status=in_force",
    )
    sort: Literal["relevance", "date"] = "relevance"
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)

    @model_validator(mode="after")
    def _years_in_order(self):
        # A range that ends before it starts finds nothing: say why, not "0 results".
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise combination_error(_("The start year may not be later than the end year"))
        return self


def unrecognized(q: str) -> bool:
    """Whether ``q`` was typed but holds nothing a search can match: only emoji,
    punctuation or spaces. Searching by it would list every document by date, as an empty
    query does, which reads as if all of them matched; an empty ``q`` still lists them."""
    return bool(q) and not tokens(normalize(q.strip())) and not doc_numbers_in(q)


def unrecognized_message() -> str:
    return _("No search words recognized: enter Chinese characters, letters or digits.")


def topic_names(topic) -> tuple[str, ...]:
    """The topic filter's names: a ``Query`` made from parameters holds every spelling of
    the topic in use (``topic_spellings_of``), one made by hand may hold one name."""
    return (topic,) if isinstance(topic, str) else tuple(topic)


@dataclass(frozen=True)
class Query:
    """What a backend is asked: normalized text, its tokens, filters, order and page."""

    text: str = ""
    tokens: tuple[str, ...] = ()
    doc_numbers: tuple[str, ...] = ()
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20
    # The API and the page always show facets; a caller that needs only hits skips them.
    facets: bool = True
    # Plugin terms of policies that no longer apply (``policy_filters.outdated_terms``):
    # by relevance, every policy that still applies ranks before them, however relevant
    # (each backend's ``ranked_groups``; a document named by its number comes first).
    outdated: tuple[str, ...] = ()

    @classmethod
    def from_params(cls, params: SearchParams) -> "Query":
        text = normalize(params.q.strip())
        filters = {
            name: getattr(params, name)
            for name in ("agency", "division", "doc_type", "topic", "year_from", "year_to")
            if getattr(params, name) not in (None, "")
        }
        if "topic" in filters:
            # Imported here: the backends import this module before the apps are ready.
            from cms.models.policy import topic_spellings_of

            # Every spelling of the topic in use: 政務公開 finds the documents filed under
            # 政务公开 and the reverse (backends match any of them).
            filters["topic"] = tuple(topic_spellings_of(filters["topic"]))
        if params.plugin:
            filters["plugin_terms"] = tuple(sorted(set(params.plugin)))
        return cls(
            text=text,
            tokens=tuple(dict.fromkeys(tokens(text))),
            doc_numbers=tuple(doc_numbers_in(params.q)),
            filters=filters,
            # An empty query lists by date, whatever the order asked.
            sort=params.sort if text else "date",
            offset=(params.page - 1) * params.page_size,
            limit=params.page_size,
            outdated=policy_filters.outdated_terms(),
        )
