"""Demo validity: documents in every state, made the way editors make them (a new revision
of a demo policy with its dates or relations, then published)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from cms.models import PolicyPage
from cms.workdays import today

from . import conf
from .models import PolicyRelation, PolicyValidity, ValidityTerms


def _normative():
    return list(
        PolicyPage.objects.live()
        .filter(doc_type__in=conf.get("VALIDITY_DOC_TYPES"))
        .order_by("issued_on", "pk")
    )


def _publish(policy, *, terms=None, relation=None) -> None:
    draft = policy.get_latest_revision_as_object()
    if terms is not None:
        draft.validity_terms = [ValidityTerms(**terms)]
    if relation is not None:
        kind, target = relation
        draft.validity_relations = [PolicyRelation(kind=kind, target=target)]
    draft.save_revision().publish()


VERBS = {PolicyRelation.Kind.REPEALS: "废止", PolicyRelation.Kind.AMENDS: "修改"}


def _decision(target, kind: str, title: str):
    """A decision that amends or repeals ``target`` (关于废止《…》的决定), by the same
    division, published with its relation; the one already made when the demo reloads."""
    existing = PolicyPage.objects.filter(title=title).first()
    if existing is not None:
        return existing
    on = today()
    decision = target.copy(
        recursive=False,
        keep_live=False,
        copy_revisions=False,
        log_action=None,
        update_attrs={
            "title": title,
            "slug": f"{target.slug}-{kind}",
            "doc_number": "",
            "index_number": None,
            "issued_on": on - timedelta(days=60),
            "summary": "",
            "body": f"<p>经研究，决定{VERBS[kind]}《{target.title}》。</p>",
        },
    )
    _publish(decision, terms={}, relation=(kind, target))
    return PolicyPage.objects.get(pk=decision.pk)


@transaction.atomic
def load_demo_validity() -> dict[str, PolicyPage]:
    """Give the demo's normative documents one of each state; idempotent."""
    policies = _normative()
    if len(policies) < 4:
        return {}
    repealed, first_other, expiring, upcoming = policies[:4]
    on = today()
    amended = (
        _in_force_by_its_dates([p for p in policies if p not in (repealed, expiring, upcoming)], on)
        or first_other
    )
    successor = _decision(
        repealed, PolicyRelation.Kind.REPEALS, f"关于废止《{repealed.title}》的决定"
    )
    _decision(amended, PolicyRelation.Kind.AMENDS, f"关于修改《{amended.title}》的决定")
    record = PolicyValidity.objects.filter(policy=expiring).first()
    if record is None or not record.expires_on or record.expires_on <= on:
        _publish(expiring, terms={"effective_from": on - timedelta(days=700),
                                  "expires_on": on + timedelta(days=90)})  # fmt: skip
    record = PolicyValidity.objects.filter(policy=upcoming).first()
    if record is None or record.effective_from <= on:
        _publish(upcoming, terms={"effective_from": on + timedelta(days=30)})
    campaign = _campaign(repealed.agency)
    return {
        "campaign": campaign,
        "repealed": repealed,
        "successor": successor,
        "amended": amended,
        "expiring": expiring,
        "upcoming": upcoming,
    }


def _in_force_by_its_dates(policies, on):
    """The first policy its own dates keep in force today: an amendment of an expired
    document would leave it 已失效, not 已修改 as the demo says."""
    from .rules import dated_state, terms_of

    for policy in policies:
        if dated_state(*terms_of(policy), on) == "in_force":
            return policy
    return None


def _campaign(agency):
    """A closed cleanup of one agency's documents: most kept, one to be amended."""
    from . import campaigns
    from .models import Campaign, CampaignItem

    name = f"{agency.name}{today().year}年规范性文件清理"
    existing = Campaign.objects.filter(name=name).first()
    if existing is not None:
        return existing
    campaign = campaigns.open_campaign(name, [agency], today() - timedelta(days=30))
    items = list(campaign.items.order_by("pk"))
    for position, item in enumerate(items):
        decision = CampaignItem.Decision.AMEND if position == 0 else CampaignItem.Decision.KEEP
        item.decision = decision
        item.reason = "部分条款与新修订的上位法不一致，需作修改。" if position == 0 else ""
        item.save()
    return campaigns.close(campaign)


def walkthrough(base_url: str, shown: dict) -> list[str]:
    if not shown:
        return []
    lines = [
        f"有效性：现行有效目录 {base_url}/validity/in-force/（XLSX：/validity/in-force.xlsx）",
        f"  已废止：《{shown['repealed'].title}》 {base_url}{shown['repealed'].url}",
        f"  废止它的：《{shown['successor'].title}》 {base_url}{shown['successor'].url}",
        f"  已修改：《{shown['amended'].title}》 {base_url}{shown['amended'].url}",
        f"  尚未生效：《{shown['upcoming'].title}》 {base_url}{shown['upcoming'].url}",
        f"  即将到期（后台 报告 → 即将到期）：《{shown['expiring'].title}》",
        f"  清理结果：{base_url}/validity/campaigns/{shown['campaign'].pk}/"
        "（后台 规范性文件清理 可开启新的清理）",
    ]
    return lines
