"""What the public sees changes only when something is published, withdrawn or renamed.

One row counts those changes. The public API derives its ETag and Last-Modified from it,
so a conditional request is answered from one primary-key read, and the row is bumped in
the same transaction as the change: a rolled-back publication changes nothing.
"""

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STAMP_ID = 1


class PublicationStamp(models.Model):
    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("publication stamp")

    def __str__(self):
        return f"{self.version} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def current(cls) -> tuple[int, object]:
        """(version, changed_at) of the public content."""
        row = cls.objects.filter(pk=STAMP_ID).values_list("version", "changed_at").first()
        return row if row is not None else cls.bump()

    @classmethod
    def bump(cls) -> tuple[int, object]:
        """Record a change of public content, in the caller's transaction."""
        now = timezone.now()
        updated = cls.objects.filter(pk=STAMP_ID).update(version=F("version") + 1, changed_at=now)
        if not updated:
            cls.objects.get_or_create(pk=STAMP_ID, defaults={"version": 1, "changed_at": now})
        return cls.objects.filter(pk=STAMP_ID).values_list("version", "changed_at").get()
