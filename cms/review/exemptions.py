"""Exemptions from the interpretation requirement (bundle rule 1,
docs/architecture.md#bundle-rules): leave for a policy that needs a synchronous
interpretation to go without one, with a reason."""

from django.db import transaction
from wagtail.log_actions import log

from cms.models import InterpretationExemption, PolicyPage


def has_exemption(policy: PolicyPage) -> bool:
    return policy.pk is not None and hasattr(policy, "interpretation_exemption")


def grant_exemption(policy: PolicyPage, reason: str, user=None) -> InterpretationExemption:
    """Leave for ``policy`` to be submitted and published without a synchronous
    interpretation, with its reason, recorded in the page's history; the self-inspection
    then no longer counts it as missing one. Granted again, the reason is replaced."""
    with transaction.atomic():
        exemption, _created = InterpretationExemption.objects.update_or_create(
            policy=policy, defaults={"reason": reason, "granted_by": user}
        )
        log(instance=policy, action="policy_cms.bundle.exemption", user=user,
            data={"reason": reason})  # fmt: skip
    return exemption
