"""Pages of a public list whose cost depends on the page, not on the library.

Django's ``Paginator`` counts the whole list on every request and reaches page N with
``OFFSET 20 × N``, so both grow with the library. Here a list's count and the first
(issued_on, id) of each of its pages are kept in the cache per publication stamp
(``stamped_key``); page N is then read from its first key down, on the ``issued_on``
index (keyset pagination behind the same ``?page=N`` addresses).

The count is one ``COUNT``, and a page's first key is learnt when the page is first
read, from the page before it when that one's key is known (a crawler walking the
pages), else with every page's in one read of the list's keys alone (``_learn``), once
per stamp: a reader jumping deep into the list, or a crawler visiting pages in random
order, would otherwise skip OFFSET rows on each page's first visit. A page among the
first few (``SHALLOW_PAGES``) is read by its offset instead: skipping a few pages' rows
costs less than reading every key, and the same at any library size. Each page is read
with one row more, whose key is the next page's, so the next page is read from its key
at once.

A list must be ordered newest first, ``("-issued_on", "-pk")``: the libraries and the
disclosure catalogue are. Its rows may be model instances or ``values()`` dicts that
hold ``issued_on`` and ``pk``. It may be given as a function that builds it: then a
request whose count and page key are kept builds no queryset, for the SQL of each way of
reading a page (the first, from a key, after a key) is kept per list and stamp
(cms.models.shapes).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q

from cms.models import shapes
from cms.models.stamps import PublicationStamp, answers_at, new_process_memory, stamped_key

ORDERING = ("-issued_on", "-pk")


# Pages' first keys per cache entry: a list of 5,000 pages takes 50 entries, not 5,000,
# which the demo's memory cache (2,000 entries) would cull as it kept them, learning
# them again on the next request.
BLOCK = 100


# The counts and blocks of first keys this process has read or kept, by their cache key
# (which holds the stamp): each would otherwise be a round trip to the cache on every
# page of a list. Forgotten on a new stamp, bounded (cms.models.stamps).
_front = new_process_memory()


class _Boundaries:
    """A list's count and its pages' first keys, kept in the cache for the stamp in
    blocks of ``BLOCK`` pages; read together, so a page costs one cache round trip, and
    none once this process has read them (``_front``).

    A block in the process may lack keys another process has learnt since: it is read
    from the cache again before a page whose key it lacks is read without one
    (``refresh``) and before this process changes it (``keep_many``)."""

    def __init__(self, key, per_page: int, stamp=None):
        self.seconds = settings.PUBLIC_VALUE_CACHE_SECONDS
        self.name = ("indexed-pages", key, per_page)
        self.stamp = (stamp or PublicationStamp.current()) if self.seconds else None
        self.known: dict = {}
        self.blocks: dict[int, dict] = {}  # block → {page number: first key}, as cached
        self.fresh: set[int] = set()  # the blocks read from the cache itself

    def _key(self, *part) -> str:
        return stamped_key((*self.name, *part), self.stamp)

    def read(self, numbers, *, fresh: bool = False) -> None:
        """Fetch the count (unless known) and the first keys of pages ``numbers``, with
        the rest of their blocks: from the process when it has them, unless ``fresh``."""
        if not self.seconds:
            return
        blocks = {n // BLOCK for n in numbers if n > 0}
        blocks -= self.fresh if fresh else self.blocks.keys()
        wanted = {self._key("starts", block): block for block in blocks}
        if "count" not in self.known:
            wanted[self._key("count")] = "count"
        if not wanted:
            return
        front = answers_at(_front, self.stamp)
        if not fresh and front:
            for key in list(wanted):
                if front.get(key) is not None:
                    self._found(wanted.pop(key), front[key])
        if wanted:
            found = cache.get_many(list(wanted))
            for key, name in wanted.items():
                value = found.get(key)
                self._found(name, value)
                if name != "count":
                    self.fresh.add(name)
                if value is not None and front is not None:
                    front[key] = value

    def _found(self, name, value) -> None:
        if name == "count":
            self.known["count"] = value
        else:  # a copy (this request adds to it), with what it knew of the block
            self.blocks[name] = {**self.blocks.get(name, {}), **(value or {})}
            self.known |= self.blocks[name]

    def _remember(self, key: str, value) -> None:
        """Keep ``value`` (a count or a block) in the process for the stamp."""
        front = answers_at(_front, self.stamp)
        if front is not None:
            front[key] = value if isinstance(value, int) else dict(value)

    def refresh(self, numbers) -> bool:
        """Read the blocks of pages ``numbers`` from the cache again when they came from
        the process (another process may have learnt their keys since); whether any was."""
        stale = {n // BLOCK for n in numbers if n > 0} - self.fresh
        if not self.seconds or not stale:
            return False
        self.read(numbers, fresh=True)
        return True

    def keep(self, name, value) -> None:
        if name == "count":
            self.known[name] = value
            if self.seconds:
                cache.set(self._key("count"), value, self.seconds)
                self._remember(self._key("count"), value)
        else:
            self.keep_many({name: value})

    def keep_many(self, starts: dict[int, tuple[str, int]]) -> None:
        """Keep the first keys of many pages (page number → key) at once."""
        if not self.seconds:
            self.known |= starts
            return
        # A block is kept whole: what others kept of it stays.
        self.read(starts, fresh=True)
        self.known |= starts
        changed = {}
        for number, key in starts.items():
            block = number // BLOCK
            self.blocks[block][number] = key
            changed[self._key("starts", block)] = self.blocks[block]
        cache.set_many(changed, self.seconds)
        for key, block in changed.items():
            self._remember(key, block)

    def count(self, listed) -> int:
        if self.known.get("count") is None:
            self.keep("count", listed().order_by().count())
        return self.known["count"]


def _key_of(row) -> tuple[str, int]:
    if isinstance(row, dict):
        return row["issued_on"].isoformat(), row["pk"]
    return row.issued_on.isoformat(), row.pk


def _from(start: tuple[str, int]) -> Q:
    """The rows from ``start`` down, in ``ORDERING``: a range on ``issued_on`` first, so
    the index is searched from there (SQLite scans it from the top for the plain OR)."""
    return _from_key(date.fromisoformat(start[0]), start[1])


def _from_key(issued_on: date, pk: int) -> Q:
    # Its parameters, in order: issued_on, issued_on, pk (the shapes' tail).
    return Q(issued_on__lte=issued_on) & (Q(issued_on__lt=issued_on) | Q(pk__lte=pk))


# A page this near the top is read by its offset when its key is unknown: skipping a few
# pages' rows costs less than reading every key of a large list, and the same whatever
# the library's size.
SHALLOW_PAGES = 5

# At most this many pages' first keys are learnt at once (``_learn``); a page past them
# is read by its offset.
LEARNT_PAGES = 5_000


def _learn(ordered, per_page: int, bounds: _Boundaries) -> None:
    """Learn the first key of every page in one read of the list's keys alone, kept for
    the stamp: a reader or a crawler that jumps deep into a list then reads each page from
    its key, where each first visit of a page would skip its OFFSET rows again."""
    keys = ordered().values_list("issued_on", "pk")[: LEARNT_PAGES * per_page]
    starts = {
        index // per_page + 1: (issued_on.isoformat(), pk)
        for index, (issued_on, pk) in enumerate(keys)
        if index % per_page == 0
    }
    bounds.keep_many(starts)


def _rows(ordered, bounds: _Boundaries, way: str, rows: slice, start=None) -> list:
    """The rows ``rows`` of the list (``ordered()``), from the key ``start`` when given,
    through the SQL kept for this list, way of reading and stamp."""
    if bounds.stamp is None:  # nothing kept: the ORM's every time
        listed = ordered() if start is None else ordered().filter(_from(start))
        return list(listed[rows])
    key = (repr(bounds.name), way)  # as the cache's keys: a list's key may hold lists
    if start is None:
        return shapes.read(key, lambda: ordered()[rows], stamp=bounds.stamp)
    issued_on = date.fromisoformat(start[0])
    return shapes.read(
        key,
        lambda issued_on, _again, pk: ordered().filter(_from_key(issued_on, pk))[rows],
        (issued_on, issued_on, start[1]),
        stamp=bounds.stamp,
    )


def _read(ordered, number: int, per_page: int, bounds: _Boundaries) -> list:
    """The rows of page ``number`` (within the list ``ordered()``), with one row more whose
    key, the next page's first, is kept; the page's own first key is kept when it was
    unknown."""
    start = bounds.known.get(number)
    if start is None and number > 1 and bounds.refresh((number - 1, number)):
        start = bounds.known.get(number)  # another process may have learnt it
    if (
        start is None
        and number > SHALLOW_PAGES
        and bounds.known.get(number - 1) is None
        and bounds.seconds
    ):
        _learn(ordered, per_page, bounds)
        start = bounds.known.get(number)
    if number == 1:
        rows = _rows(ordered, bounds, "first", slice(0, per_page + 1))
    elif start is not None:
        rows = _rows(ordered, bounds, "from", slice(0, per_page + 1), start)
    else:
        before = bounds.known.get(number - 1)
        if number > 2 and before is not None:  # from the page before, when known
            rows = _rows(ordered, bounds, "after", slice(per_page, 2 * per_page + 1), before)
        else:  # by its offset, once per stamp
            offset = (number - 1) * per_page
            rows = list(ordered()[offset : offset + per_page + 1])
        if rows:
            bounds.keep(number, _key_of(rows[0]))
    if len(rows) > per_page:
        if bounds.known.get(number + 1) is None:
            bounds.keep(number + 1, _key_of(rows[per_page]))
        del rows[per_page:]
    return rows


def _builder(queryset):
    """A function that builds the list ``queryset`` (a queryset or such a function),
    ordered by ``ORDERING``, once."""
    built = []

    def ordered():
        if not built:
            built.append((queryset() if callable(queryset) else queryset).order_by(*ORDERING))
        return built[0]

    return ordered


def page_rows(queryset, number: int, *, key, per_page: int, stamp=None):
    """(count, the rows of page ``number`` as a list) of ``queryset`` (or of the queryset a
    function builds, only when needed) ordered by ``ORDERING``; a page past the end has
    no rows. ``key`` names the list and its filters, all the queryset depends on at a
    publication stamp (it keys the kept count, first keys and SQL); ``stamp`` is the
    request's publication stamp, if read."""
    ordered = _builder(queryset)
    bounds = _Boundaries(key, per_page, stamp)
    bounds.read((number, number + 1))
    count = bounds.count(ordered)
    if number < 1 or number > max(1, -(-count // per_page)) or not count:
        return count, []
    return count, _read(ordered, number, per_page, bounds)


def _requested(number) -> int:
    try:
        return max(1, int(number))
    except (TypeError, ValueError):
        return 1


def _below_one(number) -> bool:
    try:
        return int(number) < 1
    except (TypeError, ValueError):
        return False


def indexed_page(queryset, number, *, key, per_page: int, stamp=None) -> Page:
    """Page ``number`` (any string; invalid or below 1 → the first, past the end → the last) of
    ``queryset`` (or of the queryset a function builds) as a ``Paginator`` page, read as
    ``page_rows`` reads it."""
    ordered = _builder(queryset)
    bounds = _Boundaries(key, per_page, stamp)
    requested = _requested(number)
    bounds.read((requested, requested + 1))
    paginator = Paginator((), per_page)  # counted here: it never reads its list
    paginator.count = bounds.count(ordered)  # a cached_property: not read again
    try:
        number = paginator.validate_number(number)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:  # 0 or below: the first page; past the end: the last
        number = 1 if _below_one(number) else paginator.num_pages
    if not paginator.count:
        return Page([], number, paginator)
    bounds.read((number, number + 1))  # past the end: the last page's
    return Page(_read(ordered, number, per_page, bounds), number, paginator)
