"""Before a normative document expires, its drafting division evaluates whether to extend,
amend or let it lapse: it is reminded ``VALIDITY_REMIND_MONTHS`` ahead, by mail and on its
admin dashboard, and Reports → 即将到期 lists what expires within a chosen window."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.plugin_api import division_ids, mail_members, today
from plugins.validity import conf
from plugins.validity.catalogue import IN_FORCE
from plugins.validity.models import PolicyValidity


def months_later(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has none."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def expiring(on: date | None = None, months: int | None = None):
    """Live documents in force whose last day falls within ``months`` from ``on``."""
    on = on or today()
    months = conf.get("VALIDITY_REMIND_MONTHS") if months is None else months
    return (
        PolicyValidity.objects.filter(
            policy__live=True,
            state__in=IN_FORCE,
            expires_on__gte=on,
            expires_on__lte=months_later(on, months),
        )
        .select_related("policy", "policy__division", "policy__agency")
        .order_by("expires_on", "policy__title")
    )


def remind(on: date | None = None) -> int:
    """Tell each drafting division once about its documents now due for evaluation;
    returns how many documents were announced."""
    on = on or today()
    told = 0
    for record in expiring(on).filter(reminded_on__isnull=True):
        policy = record.policy
        mail_members(
            _("To evaluate before it expires: %(title)s") % {"title": policy.title},
            _(
                "“%(title)s” is valid until %(date)s. Evaluate whether it should be "
                "extended, amended or left to expire."
            )
            % {"title": policy.title, "date": record.expires_on.isoformat()},
            divisions=[policy.division_id],
        )
        record.reminded_on = on
        record.save(update_fields=["reminded_on"])
        log(instance=policy, action="validity.remind", data={"expires_on": str(record.expires_on)})
        told += 1
    return told


def for_user(user, on: date | None = None, limit: int = 10) -> list[PolicyValidity]:
    """The documents of the user's divisions due for evaluation, soonest first."""
    records = expiring(on)
    divisions = division_ids(user)
    if divisions is not None:
        records = records.filter(policy__division_id__in=divisions)
    return list(records[:limit])
