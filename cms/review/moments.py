"""Which bundle members are being published or withdrawn right now, in this thread.

``publish_bundle`` and ``withdraw_bundle`` (``cms/review/bundle.py``) run every effect of
their moment themselves, in order. Wagtail still sends ``page_published`` and
``page_unpublished`` for each member as it goes live or away; the receivers that remain
serve pages published or withdrawn outside a bundle (a page published on its own, the
importer, a shell), and ask ``in_bundle(page)`` to leave a member to its bundle.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_moving: ContextVar[frozenset[int]] = ContextVar("bundle_members_moving", default=frozenset())


@contextmanager
def members_moving(pages: Iterable) -> Iterator[None]:
    """While the block runs, these pages go live or away as members of one bundle."""
    token = _moving.set(_moving.get() | {page.pk for page in pages})
    try:
        yield
    finally:
        _moving.reset(token)


def in_bundle(page) -> bool:
    """Whether ``page`` is being published or withdrawn as a member of a bundle now: the
    bundle's own sequence has the effects, so a signal receiver leaves it alone."""
    return page is not None and page.pk in _moving.get()
