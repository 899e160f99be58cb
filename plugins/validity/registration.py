"""统一登记号: one per normative document, on its first publication, counted per agency and
year from a locked row, so two publications at once never share a number."""

from __future__ import annotations

from django.db import transaction

from plugins.validity import conf
from plugins.validity.models import RegistrationSequence


def next_serial(agency, year: int) -> int:
    with transaction.atomic():
        sequence, _ = RegistrationSequence.objects.select_for_update().get_or_create(
            agency=agency, year=year
        )
        sequence.last_serial += 1
        sequence.save(update_fields=["last_serial"])
        return sequence.last_serial


def assign(policy) -> str:
    """A new registration number for the policy (VALIDITY_REGISTRATION_FORMAT)."""
    agency, year = policy.agency, policy.issued_on.year
    return conf.get("VALIDITY_REGISTRATION_FORMAT").format(
        agency=agency.short_name or agency.name, year=year, serial=next_serial(agency, year)
    )
