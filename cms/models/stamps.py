"""What the public sees changes only when something is published, withdrawn or renamed.

One row counts those changes. The public API derives its ETag and Last-Modified from it,
so a conditional request is answered from one primary-key read, and the row is bumped in
the same transaction as the change: a rolled-back publication changes nothing.
"""

import time

from django.db import connection, models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

STAMP_ID = 1


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
    def bump(cls) -> tuple[int, int]:
        """Record a change of public content, in the caller's transaction."""
        now = _now_us()
        updated = cls.objects.filter(pk=STAMP_ID).update(version=F("version") + 1, changed_us=now)
        if not updated:
            cls.objects.get_or_create(pk=STAMP_ID, defaults={"version": 1, "changed_us": now})
        return cls.objects.filter(pk=STAMP_ID).values_list("version", "changed_us").get()
