"""The validity plugin's hook implementations: how it reaches the core and the public."""

from celery.schedules import crontab
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import InlinePanel, MultiFieldPanel

from cms.plugin_api import PolicyFilter, SitemapItem, hookimpl, kept_for_stamp, stamp_of
from plugins.validity import annual, lifecycle, public, rules, views
from plugins.validity.api import router
from plugins.validity.demo import load_demo_validity, walkthrough
from plugins.validity.imports import read
from plugins.validity.models import Campaign, PolicyValidity, State


@hookimpl
def bundle_publishing(policy):
    """The states of the policy and of what it amends or repeals change with the bundle."""
    lifecycle.policy_published(policy)


@hookimpl
def bundle_withdrawing(policy):
    lifecycle.policy_withdrawn(policy)


@hookimpl
def annual_report_tables(year, agency):
    """二's first table of the annual report: 规章 and 行政规范性文件 × 本年制发 / 本年废止 /
    现行有效, from the dated history of their validity."""
    return [annual.annual_table(year, agency)]


@hookimpl
def event_kinds():
    return {lifecycle.VALIDITY_CHANGED: gettext_lazy("validity changed")}


@hookimpl
def policy_panels():
    return [
        MultiFieldPanel(
            [
                InlinePanel("validity_terms", max_num=1, label=gettext_lazy("Dates")),
                InlinePanel(
                    "validity_relations", label=gettext_lazy("Amends or repeals earlier policies")
                ),
            ],
            heading=gettext_lazy("Validity (有效性)"),
        )
    ]


@hookimpl
def policy_metadata(policy, request):
    if not rules.shown(policy):  # a report or a notice has no validity to show
        return None
    facts = public.facts_for_index(policy, request)
    if facts is None:
        return None
    rows = [
        (_("Validity"), facts["state_label"]),
        (_("Effective from"), facts["effective_from"] or "—"),
    ]
    if facts["expires_on"]:
        rows.append((_("Valid until"), facts["expires_on"]))
    if facts["registration_number"]:
        rows.append((_("Registration number"), facts["registration_number"]))
    return rows


@hookimpl
def policy_notices(policy, request, interpretation):
    """The notice above the policy's title, on its page and on its interpretations' (there
    said of the policy interpreted, not of "this document")."""
    if request is not None and "_validity_facts" not in policy.__dict__:
        # Nothing to say without a state that has a notice or a relation: known from what
        # the publication stamp keeps, so an interpretation's page of such a policy (its
        # policy's metadata unread) reads no validity.
        stamp = stamp_of(request)
        state = _states(stamp=stamp).get(policy.pk)
        if state not in public.NOTICES and policy.pk not in public.related_policy_ids(stamp=stamp):
            return None
    facts = public.facts_for_index(policy, request)
    if facts is None or not (facts["notice"] or facts["changes"] or facts["changed_in"]):
        return None
    if interpretation is not None:
        facts = public.as_interpreted(facts)
    return [render_to_string("validity/notice.html", {"facts": facts}, request=request)]


@kept_for_stamp
def _states() -> dict[int, str]:
    """Policy id → validity state of every policy that has one: read once per publication
    stamp (a change of validity moves the stamp, lifecycle.py), so a list's badges cost
    no query. One small entry per normative document."""
    states = {state: state for state in State.values}  # one string per state
    records = PolicyValidity.objects.exclude(state="").values_list("policy_id", "state")
    return {pk: states.get(state, state) for pk, state in records}


@hookimpl
def policy_badges(policies, request):
    """Each listed normative document's or rule's validity, styled by state; validity is
    not a property of a report or a notice (VALIDITY_PUBLIC_DOC_TYPES). A public page's
    from the states kept for its publication stamp (no query), elsewhere in one query."""
    public_types = rules.public_doc_types()  # as rules.shown, read once for the list
    shown = [p for p in policies if p.doc_type in public_types]
    # A policy whose facts its page or API answer has read already (facts_for_index)
    # needs no query of its own: facts are None exactly when there is no state to show.
    known = {p.pk: p.__dict__["_validity_facts"] for p in shown if "_validity_facts" in p.__dict__}
    badges = {pk: (f["state_label"], f["state"]) for pk, f in known.items() if f is not None}
    unknown = [p.pk for p in shown if p.pk not in known]
    if not unknown:
        return badges
    if request is not None:
        states = _states(stamp=stamp_of(request))
        found = [(pk, states.get(pk)) for pk in unknown]
    else:
        records = PolicyValidity.objects.filter(policy__in=unknown).exclude(state="")
        found = records.values_list("pk", "state")
    labels = {state: (str(State(state).label), state) for state in State.values}
    badges |= {pk: labels[state] for pk, state in found if state in labels}
    return badges


@hookimpl
def extra_api_fields(policy, request):
    """The policy's validity: state, dates, registration number, and the links both ways
    (read once per policy object: its badge in the same answer reads no more)."""
    return public.facts_for_index(policy, request)


@hookimpl
def extra_search_fields(policy):
    if not rules.shown(policy):
        return None
    facts = public.facts_for_index(policy)
    return {"state": facts["state"]} if facts else None


@hookimpl
def extra_search_text(policy):
    facts = public.facts_for_index(policy)
    return facts["registration_number"] if facts else None


@hookimpl
def extra_search_fields_batch(policies):
    # The facts read for the fields are kept on the objects: the text reads them again.
    public.keep_facts(policies)
    return {policy.pk: extra_search_fields(policy) for policy in policies}


@hookimpl
def extra_search_text_batch(policies):
    public.keep_facts(policies)
    return {policy.pk: extra_search_text(policy) for policy in policies}


@hookimpl
def periodic_tasks():
    # Just after midnight in Asia/Shanghai (CELERY_TIMEZONE), when a day's dates come.
    return {
        "daily": {
            "task": "plugins.validity.tasks.refresh_validity",
            "schedule": crontab(hour=0, minute=5),
        }
    }


@hookimpl
def policy_filters():
    def narrow(policies, state):
        return policies.filter(validity__state=state, doc_type__in=rules.public_doc_types())

    return [
        PolicyFilter(
            "validity",
            gettext_lazy("Validity"),
            State.choices,
            narrow,
            search_field="validity.state",
            # Searches rank what no longer applies after what does, at equal relevance.
            search_outdated=(State.REPEALED, State.EXPIRED),
        )
    ]


@hookimpl
def api_routers():
    return [router]


@hookimpl
def public_urls():
    patterns = [
        path("validity/in-force/", views.in_force, name="in_force"),
        path("validity/in-force.xlsx", views.in_force_xlsx, name="in_force_xlsx"),
        path("validity/campaigns/<int:campaign_id>/", views.campaign_result, name="campaign"),
        path(
            "validity/campaigns/<int:campaign_id>.xlsx", views.campaign_xlsx, name="campaign_xlsx"
        ),
    ]
    return [path("", include((patterns, "validity")))]


@hookimpl
def site_links(request):
    return [{"label": _("Normative documents in force"), "href": reverse("validity:in_force")}]


@hookimpl
def demo_loaded(base_url):
    """Demo documents in every validity state, one repealed with its successor, one
    expiring within six months."""
    return walkthrough(base_url, load_demo_validity())


@hookimpl
def import_record(policy, data):
    """A migration's validity: dates, the old system's state, registration number and
    relations by document number (see ``imports``)."""
    return read(policy, data)


@hookimpl
def sitemap_items():
    """The catalogue of documents in force and each closed campaign's result."""
    campaigns = Campaign.objects.filter(state=Campaign.State.CLOSED).order_by("pk")
    return [
        SitemapItem(reverse("validity:in_force")),
        *(
            SitemapItem(reverse("validity:campaign", args=[pk]), closed_at)
            for pk, closed_at in campaigns.values_list("pk", "closed_at")
        ),
    ]
