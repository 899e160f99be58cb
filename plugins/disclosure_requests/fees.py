"""Fees for processing information (信息处理费, 国办函〔2020〕109号): free in principle; by
count per applicant per calendar month, or by pages per request, never both. The schedule
is in the settings (conf.py); these functions only apply it."""

from __future__ import annotations

from decimal import Decimal

from plugins.disclosure_requests import conf


def count_fee(nth: int) -> Decimal:
    """What the applicant's ``nth`` application of a calendar month costs: nothing within
    the free ones, the price each up to the tier's end, and past it the price more for
    every further step (31st-40th: twice the price, 41st-50th: three times, …)."""
    free = conf.get("DISCLOSURE_FEE_FREE_APPLICATIONS")
    tier_end = conf.get("DISCLOSURE_FEE_COUNT_TIER_END")
    price = conf.get("DISCLOSURE_FEE_COUNT_PRICE")
    step = conf.get("DISCLOSURE_FEE_COUNT_STEP")
    if nth <= free:
        return Decimal(0)
    if nth <= tier_end:
        return Decimal(price)
    steps = (nth - tier_end + step - 1) // step
    return Decimal(price * (1 + steps))


def page_fee(pages: int) -> Decimal:
    """What ``pages`` pages of one request cost: each page priced by the tier it falls in."""
    tiers = sorted(conf.get("DISCLOSURE_FEE_PAGE_TIERS"))
    total = Decimal(0)
    for index, (first, price) in enumerate(tiers):
        last = tiers[index + 1][0] - 1 if index + 1 < len(tiers) else pages
        if pages >= first:
            total += Decimal(price) * (min(pages, last) - first + 1)
    return total


def nth_application(request) -> int:
    """Which application of its applicant's calendar month this one is, by receipt."""
    day = request.received_on
    earlier = (
        type(request)
        .objects.filter(
            applicant_key=request.applicant_key,
            received_on__year=day.year,
            received_on__month=day.month,
        )
        .exclude(pk=request.pk)
    )
    before = earlier.filter(received_on__lt=day).count()
    same_day = earlier.filter(received_on=day, pk__lt=request.pk).count()
    return before + same_day + 1
