"""Demo validity: documents in every state, made the way editors make them (a new revision
of a demo policy with its dates or relations, then published)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from modelcluster.models import get_all_child_relations

from cms.plugin_api import PolicyPage, grant_exemption, today
from plugins.validity import campaigns, conf
from plugins.validity.models import (
    Campaign,
    CampaignItem,
    PolicyRelation,
    PolicyValidity,
    ValidityTerms,
)
from plugins.validity.rules import dated_state, terms_of


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


# A document "issued recently" for the demo's not-yet-effective example; how soon the
# expiring example expires.
RECENT_DAYS = 90
SOON = timedelta(days=90)

VERBS = {PolicyRelation.Kind.REPEALS: "废止", PolicyRelation.Kind.AMENDS: "修改"}


def _new_document(model, title, slug, *, serial, issued, summary, body):
    """A new draft document of ``model``'s issuer and division (its number in the same
    series, 江统规〔2026〕51号), not yet published and without an index number, with its
    topics and none of its other rows (attachments, service links, dates, relations): the
    model's files and service items are not this document's."""
    prefix = model.doc_number.split("〔")[0] or "江统规"
    rows = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
    return model.copy(
        recursive=False,
        keep_live=False,
        copy_revisions=False,
        log_action=None,
        exclude_fields=[name for name in rows if name != "tagged_topics"],
        update_attrs={
            "title": title,
            "slug": slug,
            "doc_number": f"{prefix}〔{issued.year}〕{serial}号",
            "index_number": None,
            "issued_on": issued,
            "summary": summary,
            "body": body,
        },
    )


def _decided(kind: str):
    """The document the demo's decision of ``kind`` (``_decision``) concerns, when an
    earlier load made it; else None."""
    relations = PolicyRelation.objects.filter(kind=kind, policy__slug__endswith=f"-{kind}")
    for relation in relations.select_related("policy", "target").order_by("pk"):
        if relation.policy.slug == f"{relation.target.slug}-{kind}":
            return PolicyPage.objects.get(pk=relation.target_id)
    return None


def _decision(target, kind: str, title: str):
    """A decision that amends or repeals ``target`` (关于废止《…》的决定), by the same
    division, published with its relation; the one already made when the demo reloads."""
    existing = PolicyPage.objects.filter(title=title).first()
    if existing is not None:
        return existing
    # A decision is itself a numbered document of the same issuer (江统规〔2026〕51号).
    decision = _new_document(
        target,
        title,
        f"{target.slug}-{kind}",
        serial=51 + list(VERBS).index(kind),
        issued=today() - timedelta(days=60),
        summary="",
        body=f"<p>经研究，决定{VERBS[kind]}《{target.title}》。</p>",
    )
    # What an editor asks for such a decision: it only repeals or amends a document that
    # was interpreted, and says nothing of its own to interpret.
    grant_exemption(decision, f"本决定仅{VERBS[kind]}已解读的原文件，无另需解读的内容。")
    _publish(decision, terms={}, relation=(kind, target))
    return PolicyPage.objects.get(pk=decision.pk)


@transaction.atomic
def load_demo_validity() -> dict[str, PolicyPage]:
    """Give the demo's normative documents one of each state; idempotent."""
    decisions = set(PolicyRelation.objects.values_list("policy_id", flat=True))
    policies = [p for p in _normative() if p.pk not in decisions]
    if len(policies) < 4:
        return {}
    on = today()
    # Dates an editor would believe (24.16): the document taking effect later is one
    # issued in the last weeks, and the one about to expire keeps its own effective date.
    recent = [p for p in policies if p.issued_on >= on - timedelta(days=RECENT_DAYS)]
    older = [p for p in policies if p not in recent]
    # The amended and the repealed examples are documents in force: repealing or amending
    # one that expired years ago would show (and mail subscribers) 已失效 → 已废止. A
    # reload keeps the documents its decisions concern: the expiring example's new dates
    # put it in force, and it must not become the repealed one the second time.
    amended = _decided(PolicyRelation.Kind.AMENDS) or _in_force_by_its_dates(older, on)
    amended = amended or policies[1]
    repealed = _decided(PolicyRelation.Kind.REPEALS) or _in_force_by_its_dates(
        [p for p in older if p != amended], on
    )
    repealed = repealed or next(p for p in policies if p != amended)
    rest = [p for p in policies if p not in (repealed, amended)]
    upcoming = _upcoming(([p for p in rest if p in recent] or rest)[-1], on)
    expiring = _soonest_to_expire(rest, on) or rest[0]
    successor = _decision(
        repealed, PolicyRelation.Kind.REPEALS, f"关于废止《{repealed.title}》的决定"
    )
    _decision(amended, PolicyRelation.Kind.AMENDS, f"关于修改《{amended.title}》的决定")
    record = PolicyValidity.objects.filter(policy=expiring).first()
    if record is None or not record.expires_on or not on < record.expires_on <= on + SOON:
        _publish(expiring, terms={"effective_from": expiring.issued_on,
                                  "expires_on": on + SOON})  # fmt: skip
    campaign = _campaign(repealed.agency)
    return {
        "campaign": campaign,
        "repealed": repealed,
        "successor": successor,
        "amended": amended,
        "expiring": expiring,
        "upcoming": upcoming,
    }


def _upcoming(model, on):
    """A document not yet in force: a new one, issued last week, which its text and its
    dates say takes effect next month, published so from the start. A document already in
    force, its date moved on, would read 自印发之日起施行 and be announced to subscribers
    as going from 现行有效 back to 尚未生效."""
    title = f"{model.agency.region or ''}统计调查对象权益保护办法"
    existing = PolicyPage.objects.filter(title=title).first()
    if existing is not None:
        return existing
    issued, effective = on - timedelta(days=7), on + timedelta(days=30)
    takes_effect = f"{effective.year}年{effective.month}月{effective.day}日"
    page = _new_document(
        model,
        title,
        f"{model.slug}-upcoming",
        serial=53,
        issued=issued,
        summary="本办法规范统计调查中对调查对象合法权益的保护。",
        body=(
            "<p>第一条 为保护统计调查对象的合法权益，规范统计调查活动，制定本办法。</p>"
            "<p>第二条 统计机构应当依法保守调查对象的商业秘密和个人信息。</p>"
            f"<p>第三条 本办法自{takes_effect}起施行。</p>"
        ),
    )
    draft = page.get_latest_revision_as_object()
    draft.topics.set(["统计调查", "权益保护"])
    draft.validity_terms = [ValidityTerms(effective_from=effective)]
    draft.save_revision().publish()
    return PolicyPage.objects.get(pk=page.pk)


def _soonest_to_expire(policies, on):
    """Of the policies their own dates keep in force today, the one that expires first."""
    dated = [(terms_of(p), p) for p in policies]
    live = [(terms[1], p) for terms, p in dated if dated_state(*terms, on) == "in_force"]
    live = [(expires, p) for expires, p in live if expires is not None]
    return min(live, key=lambda pair: (pair[0], pair[1].pk))[1] if live else None


def _in_force_by_its_dates(policies, on):
    """The first policy its own dates keep in force today: an amendment of an expired
    document would leave it 已失效, not 已修改 as the demo says."""
    for policy in policies:
        if dated_state(*terms_of(policy), on) == "in_force":
            return policy
    return None


def _campaign(agency):
    """A closed cleanup of one agency's documents: most kept, one to be amended."""
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
