"""Cleanup campaigns (清理): every normative document in force in the chosen agencies is
reviewed by its drafting division, which decides to keep, amend, repeal or declare it
invalid; closing the campaign applies the decisions in one transaction and publishes the
result. A closed campaign stays closed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.plugin_api import division_ids, today
from plugins.validity import conf, lifecycle
from plugins.validity.catalogue import IN_FORCE
from plugins.validity.models import Campaign, CampaignItem, PolicyValidity, State


class CampaignError(Exception):
    """What cannot be done to a campaign, in Chinese for the admin."""


# A decision → the state it declares when the campaign closes (None: the state stays).
DECLARES = {
    CampaignItem.Decision.KEEP: None,
    CampaignItem.Decision.AMEND: None,  # the division drafts the amendment, published later
    CampaignItem.Decision.REPEAL: State.REPEALED,
    CampaignItem.Decision.INVALIDATE: State.EXPIRED,
}


@transaction.atomic
def open_campaign(name: str, agencies, reference_date, user=None) -> Campaign:
    """Open a campaign and list every live normative document in force in its agencies,
    issued on or before the reference date."""
    campaign = Campaign.objects.create(name=name, reference_date=reference_date, opened_by=user)
    campaign.agencies.set(agencies)
    in_scope = PolicyValidity.objects.filter(
        policy__live=True,
        policy__agency__in=agencies,
        policy__doc_type__in=conf.get("VALIDITY_DOC_TYPES"),
        policy__issued_on__lte=reference_date,
        state__in=IN_FORCE,
    ).order_by("policy__agency__name", "policy__issued_on", "pk")
    CampaignItem.objects.bulk_create(
        CampaignItem(campaign=campaign, policy_id=record.pk) for record in in_scope
    )
    return campaign


def may_decide(user, item: CampaignItem) -> bool:
    """Only the drafting division (or an administrator) decides on its documents."""
    divisions = division_ids(user)
    return divisions is None or item.policy.division_id in divisions


def decide(item: CampaignItem, decision: str, reason: str, user) -> CampaignItem:
    if item.campaign.state != Campaign.State.OPEN:
        raise CampaignError(_("The campaign is closed; its decisions can no longer change."))
    if not may_decide(user, item):
        raise CampaignError(_("Only the drafting division decides on this document."))
    if decision not in CampaignItem.Decision.values:
        raise CampaignError(_("Choose a decision."))
    if decision != CampaignItem.Decision.KEEP and not reason.strip():
        raise CampaignError(_("Give the reason for this decision."))
    item.decision, item.reason = decision, reason.strip()[:500]
    item.decided_by, item.decided_at = user, timezone.now()
    item.save()
    return item


@transaction.atomic
def close(campaign: Campaign, user=None) -> Campaign:
    """Apply every decision and publish the result, all or nothing."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state == Campaign.State.CLOSED:
        raise CampaignError(_("This campaign is closed and cannot be reopened or closed again."))
    undecided = campaign.items.filter(decision="").count()
    if undecided:
        raise CampaignError(_("%(count)d documents have no decision yet.") % {"count": undecided})
    on = today()
    for item in campaign.items.select_related("policy"):
        declared = DECLARES[item.decision]
        if declared is None:
            continue
        record = PolicyValidity.objects.select_for_update().get(pk=item.policy_id)
        record.declared = declared
        record.save(update_fields=["declared"])
        lifecycle.refresh(record, on=on)
    campaign.state, campaign.closed_at, campaign.closed_by = (
        Campaign.State.CLOSED,
        timezone.now(),
        user,
    )
    campaign.save(update_fields=["state", "closed_at", "closed_by"])
    return campaign


def reopen(campaign: Campaign):
    """Refused: a closed campaign's result is published and final."""
    raise CampaignError(_("This campaign is closed and cannot be reopened or closed again."))


def result(campaign: Campaign) -> dict[str, list[dict]]:
    """Decision → the documents it applied to, as the public result lists them."""
    lists: dict[str, list[dict]] = {value: [] for value in CampaignItem.Decision.values}
    for item in campaign.items.select_related("policy", "policy__agency", "policy__validity"):
        if not item.decision:
            continue
        policy = item.policy
        lists[item.decision].append(
            {
                "id": policy.pk,
                "title": policy.title,
                "agency": policy.agency.name,
                "doc_number": policy.doc_number,
                "registration_number": policy.validity.registration_number or "",
                "reason": item.reason,
                "url": policy.url or "",
            }
        )
    return lists
