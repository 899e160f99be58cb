"""The per-agency, per-year serial behind index numbers (索引号)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexNumberSequence(models.Model):
    agency = models.ForeignKey("cms.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("index number sequence")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="unique_sequence_per_year")
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.year}: {self.last_serial}"
