"""Whole numbers from public query strings and forms, read without overflow.

``"²".isdigit()`` is true and ``int()`` refuses it; a year past 9999 has no date; an id
past 64 bits overflows the database driver. Each of these was a 500 from a public URL.
"""

# Database ids are 64-bit.
MAX_ID = 2**63 - 1
# The years a ``date`` can hold.
MIN_YEAR, MAX_YEAR = 1, 9999


def whole_number(value, low: int, high: int) -> int | None:
    """``value`` (a string of ASCII digits) as an int within ``low``..``high``, else None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    if len(value.lstrip("0")) > len(str(high)):
        return None
    number = int(value)
    return number if low <= number <= high else None


def id_param(value) -> int | None:
    """A database id from a query string, or None when it cannot be one."""
    return whole_number(value, 1, MAX_ID)


def year_param(value) -> int | None:
    """A calendar year from a query string, or None when no date has it."""
    return whole_number(value, MIN_YEAR, MAX_YEAR)
