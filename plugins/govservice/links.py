"""A policy's links to service items, as a migration brings them (``import_policies``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plugins.govservice.models import ServiceItem, ServiceLink


def _codes(value) -> list[str]:
    if isinstance(value, str):
        value = value.replace("，", ",").replace("、", ",").split(",")
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Field “services” must be a list of item codes."))
    return list(dict.fromkeys(code.strip() for code in value if code.strip()))


def read_import(policy, data: dict) -> bool | None:
    """Link the policy to the items whose codes the line's ``services`` names; True when
    that changed its links."""
    if "services" not in data:
        return None
    codes = _codes(data["services"] or [])
    items = dict(ServiceItem.objects.filter(code__in=codes).values_list("code", "pk"))
    unknown = [code for code in codes if code not in items]
    if unknown:
        raise ValidationError(
            _("Unknown service item codes: %(codes)s.") % {"codes": "、".join(unknown)}
        )
    wanted = [items[code] for code in codes]
    if [link.item_id for link in policy.service_links.all()] == wanted:
        return False
    policy.service_links = [ServiceLink(item_id=pk) for pk in wanted]
    return True
