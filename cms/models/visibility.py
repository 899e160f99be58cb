"""Which pages a view restriction keeps from the public, read once per publication stamp."""

from functools import lru_cache

from django.db.models import Q
from wagtail.models import Page


@lru_cache(maxsize=8)
def private_q(stamp) -> Q:
    """Wagtail's "behind a view restriction" condition, read once per publication stamp.

    Adding or removing a restriction bumps the stamp (cms.signals), so the cached
    condition is never older than the content it filters.
    """
    return Page.objects.all().private_q()
