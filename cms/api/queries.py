"""What the public API may return, read in a constant number of queries.

Everything starts from ``public_policies()``: live, publicly viewable and proactively
disclosed (bundle rule 7, docs/architecture.md#bundle-rules). An interpretation is public
only while it is live and its policy is public, whichever endpoint asks.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import Count
from taggit.models import Tag
from wagtail.models import Page

from cms.api.schemas import PolicyFilters
from cms.extend import policy_filters
from cms.models import Agency, Division, PolicyPage, PolicyPageTopic, shapes
from cms.models.home import private_q, public_policies
from cms.models.policy import merged_topic_counts, topic_spellings_of
from cms.models.stamps import kept_for_stamp
from cms.text.matching import normalize
from interpretations.models import InterpretationPage, stage_order

ORDERINGS = {
    "-issued_on": ("-issued_on", "-pk"),
    "issued_on": ("issued_on", "pk"),
    "-published_at": ("-last_published_at", "-pk"),
    "published_at": ("last_published_at", "pk"),
}


# What a list item shows; reading only these columns of Wagtail's wide page tables
# makes a page of 100 noticeably cheaper to build.
LIST_FIELDS = (
    "id", "title", "slug", "path", "depth", "url_path", "live", "last_published_at",
    "doc_number", "index_number", "doc_type", "issued_on", "summary", "disclosure",
    "agency", "division",
)  # fmt: skip


# What a list item shows, read as a row (``values()`` names): a page of rows builds no
# ``PolicyPage``, whose construction cost more than the rest of the item. ``url_path``
# gives its URL (``serializers.Links.policy_url``), ``path`` its interpretations.
POLICY_ROW_FIELDS = (
    "pk", "title", "slug", "path", "url_path", "last_published_at", "doc_number",
    "index_number", "doc_type", "issued_on", "summary", "agency_id", "division_id",
)  # fmt: skip


def policies_for_listing(stamp):
    """Public policies with what every list item shows (topics: ``topics_by_policy``;
    agency and division names: ``names``)."""
    return public_policies(private_q=private_q(stamp)).only(*LIST_FIELDS)


@kept_for_stamp
def names() -> tuple[dict[int, str], dict[int, str]]:
    """(agency id → name, division id → name), kept per publication stamp (saving or
    deleting either moves it): every policy the API shows names both, and joining them
    built two model instances more per policy."""
    return (
        dict(Agency.objects.values_list("pk", "name").order_by()),
        dict(Division.objects.values_list("pk", "name").order_by()),
    )


def _topics(ids):
    return (
        PolicyPageTopic.objects.filter(content_object_id__in=ids)
        .order_by("tag__name")
        .values("content_object_id", "tag__name")
    )


def topics_by_policy(policies, stamp=None) -> dict[int, list[str]]:
    """Each policy's topic names, sorted, in one query.

    Read directly rather than through ``prefetch_related("topics")``: the tag manager
    builds querysets for every policy even when they are prefetched. With the request's
    publication ``stamp``, the query's SQL is compiled once per number of policies
    (cms.models.shapes).
    """
    found = defaultdict(list)
    ids = [p.pk for p in policies]
    if not ids:
        return found
    if stamp is None:
        rows = _topics(ids)
    else:
        rows = shapes.read(("api-topics", len(ids)), lambda *ids: _topics(ids), ids, stamp=stamp)
    for row in rows:
        found[row["content_object_id"]].append(row["tag__name"])
    return found


# Filter parameter → the lookup it narrows the list by.
LOOKUPS = {
    "agency": "agency_id",
    "division": "division_id",
    "doc_type": "doc_type",
    "issued_from": "issued_on__gte",
    "issued_to": "issued_on__lte",
    "year": "issued_on__year",
}


def filter_policies(filters: PolicyFilters, stamp):
    conditions = {
        lookup: getattr(filters, name)
        for name, lookup in LOOKUPS.items()
        if getattr(filters, name) not in (None, "")
    }
    policies = policies_for_listing(stamp).filter(**conditions)
    if filters.topic:
        # Every spelling of the topic in use (政務公開 finds 政务公开), each policy once
        # even when it carries two of them.
        tagged = PolicyPageTopic.objects.filter(
            tag__name__in=topic_spellings_of(filters.topic, stamp)
        )
        policies = policies.filter(pk__in=tagged.values("content_object_id"))
    policies = policy_filters.narrow(policies, filters.model_dump())
    return policies.order_by(*ORDERINGS[filters.ordering])


def _children_of(children, policies):
    """``children`` narrowed to those below ``policies``."""
    # Interpretations are leaf children, so a path range per policy finds them on the
    # path index; a filter on a computed parent path would read every interpretation.
    # Written as SQL: a list's forty lookups through the page's parent table took ten
    # times longer to build than the query takes to run.
    column = "{}.{}".format(*map(connection.ops.quote_name, ("wagtailcore_page", "path")))
    ranges = " OR ".join([f"({column} > %s AND {column} <= %s)"] * len(policies))
    last = Page.alphabet[-1] * Page.steplen
    params = [bound for policy in policies for bound in (policy.path, policy.path + last)]
    return children.extra(where=[f"({ranges})"], params=params)


REF_FIELDS = ("id", "title", "form", "stage", "path", "url_path", "depth", "first_published_at")
# What a list item shows of an interpretation, read as a row: its URL is its policy's
# with its slug after it (a page's url_path is its parent's and its slug).
ROW_FIELDS = ("id", "title", "form", "stage", "slug", "path")


def _public_children(policies, stamp):
    """The live, public interpretations of these policies, synchronous first."""
    private = private_q(stamp) if stamp is not None else Page.objects.all().private_q()
    children = _children_of(InterpretationPage.objects.live().exclude(private), policies)
    # The order also keeps SQLite on the path index, a range per policy: unordered, it
    # scans the whole index.
    return children.in_stage_order()


def _by_policy(policies, children, path) -> dict[int, list]:
    by_path = {policy.path: policy.pk for policy in policies}
    found = defaultdict(list)
    for interpretation in children:
        policy_id = by_path.get(path(interpretation)[: -Page.steplen])
        if policy_id is not None:
            found[policy_id].append(interpretation)
    return found


def interpretations_by_policy(
    policies, stamp=None, *, fields=REF_FIELDS
) -> dict[int, list[InterpretationPage]]:
    """The live, public interpretations of each policy, synchronous first, in one query.

    ``fields`` limits the columns read (None reads all); ``stamp`` reuses the view
    restrictions read for that publication stamp instead of reading them again.
    """
    policies = list(policies)
    if not policies:
        return {}
    children = _public_children(policies, stamp)
    if fields:
        children = children.only(*fields)
    return _by_policy(policies, children, lambda page: page.path)


def _interpretation_rows(stamp, bounds):
    """The rows of the public interpretations below the path ranges ``bounds`` (a policy's
    path and its last descendant's, for each policy), unordered: SQLite then searches the
    path index a range at a time (ordered by path, it scans the whole index)."""
    private = private_q(stamp) if stamp is not None else Page.objects.all().private_q()
    column = "{}.{}".format(*map(connection.ops.quote_name, ("wagtailcore_page", "path")))
    ranges = " OR ".join([f"({column} > %s AND {column} <= %s)"] * (len(bounds) // 2))
    live = InterpretationPage.objects.live().exclude(private)
    children = live.extra(where=[f"({ranges})"], params=list(bounds))
    return children.values(*ROW_FIELDS, "first_published_at").order_by()


def interpretation_rows_by_policy(policies, stamp=None) -> dict[int, list[dict]]:
    """As ``interpretations_by_policy``, as rows of ``ROW_FIELDS`` rather than pages: a
    list reads twice as many interpretations as policies, and builds no page for them.

    Read unordered and sorted by stage here (an order of stages built into the query
    cost more than sorting, and put parameters after the ranges'), the query's SQL
    compiled once per number of policies and publication ``stamp`` (cms.models.shapes)."""
    policies = list(policies)
    if not policies:
        return {}
    last = Page.alphabet[-1] * Page.steplen
    bounds = [bound for policy in policies for bound in (policy.path, policy.path + last)]
    if stamp is None:
        children = _interpretation_rows(stamp, bounds)
    else:
        children = shapes.read(
            ("api-interpretation-rows", len(policies)),
            lambda *bounds: _interpretation_rows(stamp, bounds),
            bounds,
            stamp=stamp,
        )
    children = sorted(children, key=_in_stage_order)
    return _by_policy(policies, children, lambda row: row["path"])


def _in_stage_order(row: dict) -> tuple:
    """``InterpretationQuerySet.in_stage_order`` of a row."""
    return stage_order(row["stage"], row["first_published_at"], row["id"])


# What the detail views show of a policy: a list item's fields and its body. Its other
# columns are left out of a query whose building costs more than its reading (a plugin
# that asks for one reads it then).
DETAIL_FIELDS = (*LIST_FIELDS, "body")


def _public_detail(stamp, **lookup):
    return public_policies(private_q=private_q(stamp)).only(*DETAIL_FIELDS).filter(**lookup)


def public_policy(stamp, **lookup) -> PolicyPage | None:
    """One public policy with what the detail views show, for the detail views. By its
    primary key, the query's SQL is compiled once per publication ``stamp``
    (cms.models.shapes)."""
    if set(lookup) == {"pk"}:  # one at most: no order to build
        found = shapes.read(
            "api-policy-detail",
            lambda pk: _public_detail(stamp, pk=pk).order_by()[:1],
            (lookup["pk"],),
            stamp=stamp,
        )
        return found[0] if found else None
    return _public_detail(stamp, **lookup).first()


def public_interpretation(pk: int, stamp) -> InterpretationPage | None:
    interpretation = (
        InterpretationPage.objects.live().exclude(private_q(stamp)).filter(pk=pk).first()
    )
    if interpretation is None:
        return None
    parent = public_policy(stamp, path=interpretation.path[: -Page.steplen])
    if parent is None:
        return None
    interpretation.public_policy = parent
    return interpretation


def agencies():
    return Agency.objects.prefetch_related("divisions").order_by("name")


def topics_with_counts(stamp) -> list[dict]:
    """Topics with how many public policies carry each, most used first: each topic once,
    in the spelling in use (``merged_topic_counts``), whatever scripts its policies were
    filed under. A policy filed under two spellings of one topic (stored before topics
    were filed under one spelling) counts once: such a topic is counted again by policy."""
    public_ids = public_policies(private_q=private_q(stamp)).values("pk")
    counts = list(
        Tag.objects.filter(cms_policypagetopic_items__content_object__in=public_ids)
        .annotate(count=Count("cms_policypagetopic_items", distinct=True))
        .values_list("name", "count")
    )
    merged = {normalize(t): [t, count] for t, count in merged_topic_counts(counts, stamp)}
    spellings = defaultdict(list)
    for name, _count in counts:
        spellings[normalize(name)].append(name)
    for key, names in spellings.items():
        if len(names) > 1:
            tagged = PolicyPageTopic.objects.filter(
                content_object__in=public_ids, tag__name__in=names
            )
            merged[key][1] = tagged.values("content_object").distinct().count()
    ordered = sorted(merged.values(), key=lambda topic: (-topic[1], topic[0]))
    return [{"name": name, "count": count} for name, count in ordered]
