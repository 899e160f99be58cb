"""Filters plugins add to the public policy lists (hook ``policy_filters``): the library
page, ``GET /api/v1/policies`` (a query parameter each) and their OpenAPI schema.

The models use this module, and the plugin manager stands above them, so the manager
hands in the function that collects the filters when it loads the plugins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyFilter:
    """A list filter: ``?name=value`` keeps the policies ``apply(policies, value)``
    returns, for a value among ``choices`` ((value, label) pairs); others are refused
    by the API and ignored by the library page.

    ``search_field`` names the plugin's search field with the same values
    (``"<plugin>.<field>"``, as ``extra_search_fields`` namespaces it): its search facet
    then shows these labels instead of the raw values.

    ``search_outdated`` names the values of that field that mean a policy no longer
    applies (the validity plugin's repealed and expired): a search by relevance ranks such
    a policy after every one that applies, however relevant."""

    name: str
    label: str
    choices: Sequence[tuple[str, str]]
    apply: Callable
    search_field: str = ""
    search_outdated: Sequence[str] = ()


_collect: Callable[[], list[PolicyFilter]] = list


def collect_with(function: Callable[[], list[PolicyFilter]]) -> None:
    """Set how the filters are collected (``cms.extend.plugin_manager.load`` does)."""
    global _collect
    _collect = function


def available() -> dict[str, PolicyFilter]:
    """The plugins' filters by parameter name."""
    return {f.name: f for f in _collect()}


def facet_labels() -> dict[str, dict[str, str]]:
    """Value → label of each plugin search field a filter names (``search_field``)."""
    return {
        f.search_field: {value: str(label) for value, label in f.choices}
        for f in _collect()
        if f.search_field
    }


def facet_titles() -> dict[str, str]:
    """The heading of each plugin search field a filter names: the filter's label."""
    return {f.search_field: str(f.label) for f in _collect() if f.search_field}


def outdated_terms() -> tuple[str, ...]:
    """The search terms (``"<plugin>.<field>=<value>"``) of policies that no longer apply,
    as the filters name them (``search_outdated``)."""
    return tuple(
        sorted(
            f"{f.search_field}={value}"
            for f in _collect()
            if f.search_field
            for value in f.search_outdated
        )
    )


def narrow(policies, params: Mapping, filters: Mapping[str, PolicyFilter] | None = None):
    """``policies`` narrowed by every plugin filter that ``params`` gives a known value
    (of ``filters``, the ``available()`` ones a caller read already)."""
    for name, policy_filter in (available() if filters is None else filters).items():
        value = params.get(name)
        if value and value in dict(policy_filter.choices):
            policies = policy_filter.apply(policies, value)
    return policies
