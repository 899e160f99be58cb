"""Pages of a public list whose cost depends on the page, not on the library.

Django's ``Paginator`` counts the whole list on every request and reaches page N with
``OFFSET 20 × N``, so both grow with the library. Here a list's count and the first
(issued_on, id) of each of its pages are read once per publication stamp and kept in the
cache (``kept_in_cache``); page N is then read from its first key down, on the
``issued_on`` index (keyset pagination behind the same ``?page=N`` addresses).

A list must be ordered newest first, ``("-issued_on", "-pk")``: the libraries and the
disclosure catalogue are.
"""

from __future__ import annotations

from datetime import date

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q

from cms.models.stamps import kept_in_cache

ORDERING = ("-issued_on", "-pk")


def _starts(queryset, per_page: int) -> tuple[int, list[tuple[str, int]]]:
    """(count, the first key of every page) of the ordered list, in one query."""
    count, starts = 0, []
    for issued_on, pk in queryset.values_list("issued_on", "pk").iterator(chunk_size=5000):
        if count % per_page == 0:
            starts.append((issued_on.isoformat(), pk))
        count += 1
    return count, starts


def page_rows(queryset, number: int, *, key, per_page: int, stamp=None):
    """(count, the rows of page ``number``) of ``queryset`` ordered by ``ORDERING``; a
    page past the end has no rows. ``key`` names the list and its filters (it keys the
    kept boundaries); ``stamp`` is the request's publication stamp, if read."""
    queryset = queryset.order_by(*ORDERING)
    count, starts = kept_in_cache(
        ("indexed-pages", key, per_page), lambda: _starts(queryset, per_page), stamp=stamp
    )
    if number < 1 or number > len(starts):
        return count, queryset.none()
    if number == 1:
        return count, queryset[:per_page]
    issued_on, pk = starts[number - 1]
    issued_on = date.fromisoformat(issued_on)
    after = Q(issued_on__lt=issued_on) | Q(issued_on=issued_on, pk__lte=pk)
    return count, queryset.filter(after)[:per_page]


def _below_one(number) -> bool:
    try:
        return int(number) < 1
    except (TypeError, ValueError):
        return False


def indexed_page(queryset, number, *, key, per_page: int, stamp=None) -> Page:
    """Page ``number`` (any string; invalid or below 1 → the first, past the end → the last) of
    ``queryset`` as a ``Paginator`` page, read as ``page_rows`` reads it."""
    count, _starts_kept = kept_in_cache(
        ("indexed-pages", key, per_page),
        lambda: _starts(queryset.order_by(*ORDERING), per_page),
        stamp=stamp,
    )
    paginator = Paginator(queryset, per_page)
    paginator.count = count  # a cached_property: the count is not read again
    try:
        number = paginator.validate_number(number)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:  # 0 or below: the first page; past the end: the last
        number = 1 if _below_one(number) else paginator.num_pages
    _count, rows = page_rows(queryset, number, key=key, per_page=per_page, stamp=stamp)
    return Page(list(rows), number, paginator)
