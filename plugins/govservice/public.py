"""What the public sees of a policy's online services: a 办 button each, the same facts in
the API, the item names in search, and which policies govern an item."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from cms.plugin_api import kept_for_stamp, public_policies
from plugins.govservice import conf
from plugins.govservice.health import public_changed
from plugins.govservice.models import ServiceItem, ServiceLink

Health = ServiceItem.Health


def usable_items():
    """Items a reader can use now: offered, and their link not broken."""
    return ServiceItem.objects.filter(status=ServiceItem.Status.ACTIVE).exclude(
        health=Health.BROKEN
    )


def item_facts(item: ServiceItem) -> dict:
    available = item.status == ServiceItem.Status.ACTIVE and item.health != Health.BROKEN
    return {
        "code": item.code,
        "name": item.name,
        "department": item.department,
        "audience": item.audience,
        "audience_label": str(item.get_audience_display()),
        "url": item.url if available else None,
        "available": available,
    }


@kept_for_stamp
def linked_policy_ids() -> frozenset[int]:
    """The policies that link to any item. Kept per publication stamp (links change with
    their policy's publication, which moves it): most policies link to none, and their
    pages then read no link."""
    return frozenset(ServiceLink.objects.values_list("policy_id", flat=True).distinct().order_by())


def services(policy, stamp: tuple[int, int] | None = None) -> list[dict]:
    """The policy's items as its page shows them, in the editor's order: a broken one as
    unavailable, or not at all (``GOVSERVICE_BROKEN_DISPLAY``); a withdrawn one never.
    A draft (in a bundle preview) shows the links it would publish. With the request's
    ``stamp`` (a public page), a policy that links to nothing reads nothing; the links
    are read with their items in one query."""
    in_memory = "service_links" in getattr(policy, "_cluster_related_objects", {})
    if stamp is not None and not in_memory and policy.pk not in linked_policy_ids(stamp=stamp):
        return []
    hide_broken = conf.get("GOVSERVICE_BROKEN_DISPLAY") == "hide"
    shown = []
    for link in policy.service_links.all().select_related("item"):
        item = link.item
        if item.status != ServiceItem.Status.ACTIVE:
            continue
        if hide_broken and item.health == Health.BROKEN:
            continue
        shown.append({**item_facts(item), "note": link.note})
    return shown


def usable_items_of(policy) -> list[ServiceItem]:
    """The policy's items a reader can use now, read once per policy object: the index
    document asks twice (its fields and its text) of an object read for it alone."""
    if "_usable_service_items" not in policy.__dict__:
        keep_usable_items([policy])
    return policy.__dict__["_usable_service_items"]


def keep_usable_items(policies) -> None:
    """Read the usable items of the policies that have not read theirs, in one query, and
    keep them on each (``usable_items_of``): the index asks a batch at a time."""
    unread = {p.pk: p for p in policies if "_usable_service_items" not in p.__dict__}
    if not unread:
        return
    found: dict[int, dict[int, ServiceItem]] = {pk: {} for pk in unread}
    links = ServiceLink.objects.filter(policy_id__in=list(unread), item__in=usable_items())
    for link in links.select_related("item").order_by("item_id"):
        found[link.policy_id].setdefault(link.item_id, link.item)  # each item once
    for pk, policy in unread.items():
        policy.__dict__["_usable_service_items"] = list(found[pk].values())


def has_online_service(policy) -> bool:
    return bool(usable_items_of(policy))


def search_text(policy) -> str:
    """The names and codes of the items a reader can use, for search."""
    return " ".join(f"{item.name} {item.code}" for item in usable_items_of(policy))


def governing_policies(item: ServiceItem) -> list:
    """The public policies that link to the item, newest first."""
    ids = ServiceLink.objects.filter(item=item).values("policy_id")
    notes = dict(ServiceLink.objects.filter(item=item).values_list("policy_id", "note"))
    policies = public_policies().filter(pk__in=ids).order_by("-issued_on", "-pk")
    return [
        {
            "id": policy.pk,
            "title": policy.title,
            "doc_number": policy.doc_number,
            "issued_on": policy.issued_on.isoformat(),
            "url": policy.url,
            "note": notes.get(policy.pk, ""),
        }
        for policy in policies.specific()
    ]


PUBLIC_FIELDS = {"code", "name", "department", "audience", "url", "status"}


@receiver(post_save, sender=ServiceItem)
def item_saved(sender, instance, created, update_fields=None, **kwargs):
    """An editor or an import changed what readers see of the item (the patrol's own
    saves name their fields and move the public view only on a transition)."""
    if created or (update_fields is not None and not PUBLIC_FIELDS & set(update_fields)):
        return

    public_changed(instance)
