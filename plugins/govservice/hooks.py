"""The service links plugin's hook implementations: how it reaches the core and the
public."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import InlinePanel

from cms.plugin_api import PolicyFilter, hookimpl, stamp_of
from plugins.govservice import conf, inspection, public, roles
from plugins.govservice.api import router
from plugins.govservice.demo import load_demo_services
from plugins.govservice.links import read_import
from plugins.govservice.models import ServiceLink
from plugins.govservice.website_report import services_table


@hookimpl
def website_report_tables(year, site):
    return [services_table(year, site)]


@hookimpl
def policy_panels():
    return [
        InlinePanel(
            "service_links",
            heading=gettext_lazy("Online services (阅办联动)"),
            label=gettext_lazy("Online service"),
        )
    ]


@hookimpl
def role_permissions():
    """Web editors keep the service catalogue; every role may choose from it."""
    return roles.ROLE_PERMISSIONS


@hookimpl
def policy_actions(policy, request):
    """A 办 button for each online service the policy governs."""
    services = public.services(policy, stamp_of(request) if request is not None else None)
    if not services:
        return None
    return [render_to_string("govservice/actions.html", {"services": services}, request=request)]


@hookimpl
def extra_api_fields(policy, request):
    """The online services: code, name, department, audience, address and whether it
    can be used now (at the request's stamp: a policy that links to none reads nothing)."""
    return {"services": public.services(policy, stamp_of(request) if request is not None else None)}


@hookimpl
def extra_search_text(policy):
    return public.search_text(policy) or None


@hookimpl
def extra_search_fields(policy):
    return {"online": "yes" if public.has_online_service(policy) else "no"}


@hookimpl
def extra_search_text_batch(policies):
    public.keep_usable_items(policies)
    return {policy.pk: public.search_text(policy) for policy in policies}


@hookimpl
def extra_search_fields_batch(policies):
    # The items read for the text (asked of the same objects) are read once.
    public.keep_usable_items(policies)
    return {policy.pk: extra_search_fields(policy) for policy in policies}


@hookimpl
def policy_filters():
    def narrow(policies, value):
        governing = ServiceLink.objects.filter(item__in=public.usable_items()).values("policy_id")
        if value == "yes":
            return policies.filter(pk__in=governing)
        return policies.exclude(pk__in=governing)

    choices = [("yes", gettext_lazy("Can be done online")), ("no", gettext_lazy("Not online"))]
    return [
        PolicyFilter(
            "online_service",
            gettext_lazy("Online service"),
            choices,
            narrow,
            search_field="govservice.online",
        )
    ]


@hookimpl
def api_routers():
    return [router]


@hookimpl
def periodic_tasks():
    return {
        "patrol": {
            "task": "plugins.govservice.tasks.patrol_links",
            "schedule": float(conf.get("GOVSERVICE_PATROL_INTERVAL")),
        }
    }


@hookimpl
def import_record(policy, data):
    """``services``: item codes (a list, or one string split at commas and 、) the
    policy governs; an unknown code fails the line, named."""
    return read_import(policy, data)


@hookimpl
def demo_loaded(base_url):
    """A service catalogue, policies with 办 buttons, one broken link in the report."""
    return load_demo_services(base_url)


@hookimpl
def self_inspection_indicators(site):
    return [inspection.broken_links(site)]
