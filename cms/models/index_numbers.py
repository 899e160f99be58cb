"""Index numbers (索引号), assigned once, on a policy's first publish.

The format is the setting POLICY_INDEX_NUMBER_FORMAT, because provinces differ
(000014349/2017-00110, or region-department-category-date-serial). Serials count per
agency and year and come from a locked counter row, so two publishes at once never
share a number.
"""

from datetime import date

from django.conf import settings
from django.db import models, transaction
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


def next_serial(agency, year: int) -> int:
    """Reserve and return the next serial for an agency's year; call inside a transaction."""
    return reserve_serials(agency, year, 1)[0]


def reserve_serials(agency, year: int, count: int) -> range:
    """Reserve the next ``count`` serials of an agency's year at once (a bulk import)."""
    with transaction.atomic():
        sequence, _ = IndexNumberSequence.objects.select_for_update().get_or_create(
            agency=agency, year=year
        )
        first = sequence.last_serial + 1
        sequence.last_serial += count
        sequence.save(update_fields=["last_serial"])
        return range(first, first + count)


def format_index_number(agency, on: date, serial: int, fmt: str | None = None) -> str:
    """Render an index number from the configured format."""
    fmt = fmt or settings.POLICY_INDEX_NUMBER_FORMAT
    return fmt.format(
        org_code=agency.org_code,
        region=agency.region,
        year=on.year,
        date=on.strftime("%Y%m%d"),
        serial=serial,
    )


def assign_index_number(policy) -> str:
    """Give a policy its index number unless it already has one; return the number."""
    if policy.index_number:
        return policy.index_number
    on = policy.issued_on or date.today()
    policy.index_number = format_index_number(
        policy.agency, on, next_serial(policy.agency, on.year)
    )
    return policy.index_number
