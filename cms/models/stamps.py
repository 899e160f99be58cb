"""What the public sees changes only when something is published, withdrawn or renamed.

One row counts those changes. The public API derives its ETag and Last-Modified from it,
so a conditional request is answered from one primary-key read, and the row is bumped in
the same transaction as the change: a rolled-back publication changes nothing.
"""

import hashlib
import threading
import time
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

STAMP_ID = 1
# Inside PublicationStamp.once(): whether a bump is owed (None outside).
_held = threading.local()


def _now_us() -> int:
    return time.time_ns() // 1000


class PublicationStamp(models.Model):
    version = models.PositiveBigIntegerField(_("version"), default=0)
    # Microseconds since the epoch: an integer reads the same on every database, so the
    # hot path below needs no ORM conversion.
    changed_us = models.PositiveBigIntegerField(_("changed at"), default=_now_us)

    class Meta:
        verbose_name = _("publication stamp")

    def __str__(self):
        return f"{self.version} @ {self.changed_us}"

    @classmethod
    def current(cls) -> tuple[int, int]:
        """(version, changed_us) of the public content.

        Read with one plain SELECT: it runs on every API request, 304s included, where
        building an ORM query would cost more than the rest of the answer.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT version, changed_us FROM {cls._meta.db_table} WHERE id = %s",
                [STAMP_ID],
            )
            row = cursor.fetchone()
        return (int(row[0]), int(row[1])) if row else cls.bump()

    @classmethod
    def bump(cls) -> tuple[int, int] | None:
        """Record a change of public content, in the caller's transaction. Inside
        ``once()`` the bump is owed until its end, and None is returned."""
        if getattr(_held, "owed", None) is not None:
            _held.owed = True
            return None
        forget_kept_answers()
        now = _now_us()
        updated = cls.objects.filter(pk=STAMP_ID).update(version=F("version") + 1, changed_us=now)
        if not updated:
            cls.objects.get_or_create(pk=STAMP_ID, defaults={"version": 1, "changed_us": now})
        return cls.objects.filter(pk=STAMP_ID).values_list("version", "changed_us").get()

    @classmethod
    @contextmanager
    def once(cls):
        """Make the bumps asked for inside one, at the end: a bulk import publishes
        hundreds of pages in one transaction, and each would bump. Use it inside that
        transaction, so the one bump still commits or rolls back with the changes."""
        if getattr(_held, "owed", None) is not None:
            yield  # an outer once() bumps
            return
        _held.owed = False
        try:
            yield
        finally:
            owed, _held.owed = _held.owed, None
        if owed:
            cls.bump()


# Every kept_for_stamp memory of this process, so that a bump here forgets them at once.
_memories: list[dict] = []


def kept_for_stamp(function=None, *, recheck_after: float = 0.0):
    """Keep a function's answers in the process for as long as the publication stamp
    stands: for answers that only publishing, withdrawing or restricting pages can change
    (whether a policy is public, its title and URL). Arguments must be hashable.

    Each call reads the stamp (one primary-key read), unless ``recheck_after`` seconds
    allow a caller that can live with an answer that old to skip it in between (a bump in
    this process forgets at once), or the caller passes the stamp it answers at
    (``stamp=stamp_of(request)``: a page that asks several such functions reads it once).
    At most ``kept_for_stamp.LIMIT`` answers are kept.
    """

    def decorate(function):
        memory = _forget({})
        _memories.append(memory)

        @wraps(function)
        def wrapper(*args, stamp: tuple[int, int] | None = None):
            now = time.monotonic()
            if stamp is not None:
                kept = memory["stamp"]
                if kept is not None and stamp[0] < kept[0]:
                    return function(*args)  # a request begun before the last bump
                if stamp != kept or len(memory["answers"]) >= kept_for_stamp.LIMIT:
                    _forget(memory)
                memory.update(stamp=stamp, read_at=now)
            elif now - memory["read_at"] >= recheck_after:
                stamp = PublicationStamp.current()
                if stamp != memory["stamp"] or len(memory["answers"]) >= kept_for_stamp.LIMIT:
                    _forget(memory)
                memory.update(stamp=stamp, read_at=now)
            answers = memory["answers"]
            if args not in answers:
                answers[args] = function(*args)
            return answers[args]

        return wrapper

    return decorate(function) if function is not None else decorate


kept_for_stamp.LIMIT = 10_000


def _forget(memory: dict) -> dict:
    memory.update(stamp=None, read_at=float("-inf"), answers={})
    return memory


def forget_kept_answers() -> None:
    """Drop every answer ``kept_for_stamp`` holds in this process (a bump does; so do the
    tests, whose rolled-back databases may repeat a stamp)."""
    for memory in _memories:
        _forget(memory)


def new_process_memory() -> dict:
    """A memory for ``kept_in_process`` of its own (what fills it does not push out what
    the others keep); a bump forgets it with the rest."""
    memory = _forget({})
    _memories.append(memory)
    return memory


_process_memory = new_process_memory()


def kept_in_process(key, compute, *, stamp: tuple[int, int], memory: dict | None = None):
    """``compute()``, kept in this process's memory for as long as the publication stamp
    ``stamp`` (the request's, ``stamp_of(request)``) stands: for the small values every
    public request asks for (the sites, the site's identity, a path's route), where even
    the cache's round trip would cost more than the answer. ``key`` is hashable;
    ``memory`` one of ``new_process_memory()`` (by default the shared one), kept as
    ``answers_at`` keeps answers (computed every time by a request at an older stamp).
    Callers hand out copies of what may be changed in a request."""
    answers = answers_at(_process_memory if memory is None else memory, stamp)
    if answers is None:
        return compute()
    if key not in answers:
        answers[key] = compute()
    return answers[key]


def stamp_of(request=None) -> tuple[int, int]:
    """The publication stamp a request is answered at: read once per request (the API's
    ``public_get`` and the public pages' conditional answers set it first)."""
    if request is None:
        return PublicationStamp.current()
    stamp = getattr(request, "publication_stamp", None)
    if stamp is None:
        stamp = request.publication_stamp = PublicationStamp.current()
    return stamp


# kept_in_cache's values already read by this process, by their cache key (which holds
# the stamp): in production each read of the cache is a round trip to Redis and an
# unpickling, on every public page, for a value that only a bump changes.
_front = new_process_memory()


def answers_at(memory: dict, stamp: tuple[int, int]) -> dict | None:
    """The answers ``memory`` (one of ``new_process_memory()``) keeps for ``stamp``, to
    read and add to: emptied first when it kept another stamp's or is full
    (``kept_for_stamp.LIMIT``); None for a request answered at an older stamp than the
    memory's (begun before a bump this process has seen), which must neither empty the
    newer stamp's answers nor leave its own for the requests after it."""
    kept = memory["stamp"]
    if kept is not None and stamp[0] < kept[0]:
        return None
    if kept != stamp or len(memory["answers"]) >= kept_for_stamp.LIMIT:
        _forget(memory)
        memory["stamp"] = stamp
    return memory["answers"]


def kept_in_cache(key, compute, *, stamp: tuple[int, int] | None = None):
    """``compute()``, kept in the default cache for as long as the publication stamp
    stands (``PUBLIC_VALUE_CACHE_SECONDS`` at most; 0 computes every time): a public
    page's counts, year facets and page boundaries, which only publishing, withdrawing
    or restricting pages change. ``key`` is any value with a stable ``repr``; ``stamp``
    saves reading the stamp again (``stamp_of(request)``).

    A value read or computed once is also kept in the process for the stamp
    (``kept_in_process``), so a process asks the cache once per value and stamp: callers
    must not change what they are given, it is shared by the process's requests."""
    seconds = settings.PUBLIC_VALUE_CACHE_SECONDS
    if not seconds:
        return compute()
    stamp = stamp or PublicationStamp.current()
    cache_key = stamped_key(key, stamp)

    def read():
        value = cache.get(cache_key)
        if value is None:
            value = compute()
            cache.set(cache_key, value, seconds)
        return value

    return kept_in_process(cache_key, read, stamp=stamp, memory=_front)


def stamped_key(key, stamp: tuple[int, int] | None = None) -> str:
    """The cache key ``kept_in_cache`` keeps ``key``'s value under at ``stamp`` (read
    when not given): for callers that read or write several such values at once."""
    version, changed_us = stamp or PublicationStamp.current()
    digest = hashlib.blake2b(repr(key).encode(), digest_size=12).hexdigest()
    return f"public:value:{version}:{changed_us}:{digest}"
