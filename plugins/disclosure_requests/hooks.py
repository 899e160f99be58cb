"""The disclosure requests' hook implementations: how they reach the core and the public."""

from celery.schedules import crontab
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import pgettext

from cms.plugin_api import SitemapItem, hookimpl
from plugins.disclosure_requests import fee_stats, letters, public, roles, stats, views
from plugins.disclosure_requests.api import router
from plugins.disclosure_requests.demo import load_demo_requests, walkthrough
from plugins.disclosure_requests.states import recompute_deadlines


@hookimpl
def calendar_changed(years):
    recompute_deadlines(years)


@hookimpl
def role_permissions():
    return roles.ROLE_PERMISSIONS


@hookimpl
def word_templates():
    return [letters.spec()]


@hookimpl
def annual_report_tables(year, agency):
    # 三 and 四 from the requests and appeals; 六's fees notified and collected.
    return [*stats.annual_tables(year, agency), fee_stats.fees_table(year, agency)]


@hookimpl
def periodic_tasks():
    # Beat runs in the site's zone (Beijing): the deadlines before the working day starts,
    # the retention on the first of the month at night.
    return {
        "daily-deadlines": {
            "task": "disclosure_requests.tasks.daily_deadlines",
            "schedule": crontab(hour=8, minute=15),
        },
        "monthly-retention": {
            "task": "disclosure_requests.tasks.monthly_retention",
            "schedule": crontab(day_of_month=1, hour=3, minute=30),
        },
    }


@hookimpl
def demo_loaded(base_url):
    """Requests in every state, the office's users, and where to see them."""
    load_demo_requests()
    return walkthrough(base_url)


# ---- the public side: applying and following an application ----------------------------


@hookimpl
def api_routers():
    return [router]


@hookimpl
def public_urls():
    patterns = [
        path("disclosure-requests/", views.apply, name="apply"),
        path("disclosure-requests/received/", views.received, name="received"),
        path("disclosure-requests/track/", views.track, name="track"),
        path("disclosure-requests/track/letter/", views.letter, name="letter"),
        path("disclosure-requests/track/file/", views.provided, name="provided"),
    ]
    return [path("", include((patterns, "disclosure_requests")))]


@hookimpl
def site_links(request):
    return [
        {
            "label": pgettext("disclosure request", "Apply for information"),
            "href": reverse("disclosure_requests:apply"),
        }
    ]


@hookimpl
def policy_page_sections(policy, request):
    """On a document disclosed on request (此件依申请公开): a link to the form with the
    document named."""
    if policy.disclosure != "on_request":
        return []
    context = {"token": public.policy_token(policy.pk)}
    return [
        render_to_string("disclosure_requests/public/policy_link.html", context, request=request)
    ]


@hookimpl
def sitemap_items():
    """The application form (tracking is by code, nothing to list)."""
    return [SitemapItem(reverse("disclosure_requests:apply"))]


@hookimpl
def disclosure_request_channels():
    """The online form and the tracking page, for every agency's disclosure guide."""
    return [
        {
            "label": pgettext("disclosure guide", "Apply online"),
            "href": reverse("disclosure_requests:apply"),
            "text": pgettext("disclosure guide", "fill in the application form on this site"),
        },
        {
            "label": pgettext("disclosure guide", "Track an application"),
            "href": reverse("disclosure_requests:track"),
            "text": pgettext("disclosure guide", "with the tracking code and contact given"),
        },
    ]
