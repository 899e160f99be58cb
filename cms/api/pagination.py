"""Page-number pagination shared by the public list endpoints (core and plugins)."""

from __future__ import annotations

import math


def page_of(rows, total: int, page: int, page_size: int) -> dict:
    """Page ``page`` of ``rows`` (a queryset or a list) as a list endpoint returns it:
    ``total``, ``page``, ``page_size``, ``num_pages`` and the page's rows as ``items``,
    left for the caller to convert."""
    offset = (page - 1) * page_size
    return {
        "total": total,
        "page": page,
        "page_size": page_size,
        "num_pages": math.ceil(total / page_size),
        "items": rows[offset : offset + page_size],
    }
