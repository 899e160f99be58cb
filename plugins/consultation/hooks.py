"""The consultations' hook implementations: how they reach the core and the public."""

from celery.schedules import crontab
from django.urls import include, path, reverse
from django.utils.translation import gettext as _

from cms.plugin_api import SitemapItem, hookimpl
from plugins.consultation import feeds, notes, public, reminders, roles, stats, views
from plugins.consultation.api import router
from plugins.consultation.demo import load_demo_consultations, walkthrough


@hookimpl
def api_routers():
    return [router]


@hookimpl
def public_urls():
    patterns = [
        path("consultations/", views.consultation_list, name="list"),
        path("consultations/received/", views.received, name="received"),
        path("consultations/track/", views.track, name="track"),
        *feeds.urlpatterns(),
    ]
    return [path("", include((patterns, "consultation")))]


@hookimpl
def site_links(request):
    return [{"label": _("Consultations"), "href": reverse("consultation:list")}]


@hookimpl
def page_head_links(page):
    """The feed of new consultations, offered on every page for feed readers."""
    return [
        {
            "rel": "alternate",
            "type": "application/atom+xml",
            "title": _("New consultations"),
            "href": reverse("consultation:feed-atom"),
        }
    ]


@hookimpl
def website_report_tables(year, site):
    """征集调查: rounds opened, opinions received, rounds whose feedback was published."""
    return [stats.website_table(year, site)]


@hookimpl
def role_permissions():
    return roles.ROLE_PERMISSIONS


@hookimpl
def policy_notes(policies, request):
    """本文件曾于…公开征求意见… on the final policies of consultations (notes.py)."""
    return notes.policy_notes(policies, request)


@hookimpl
def periodic_tasks():
    # 08:40 Beijing time, after the message board's run, before the working day starts.
    return {
        "daily-deadlines": {
            "task": "consultation.tasks.daily_deadlines",
            "schedule": crontab(hour=8, minute=40),
        }
    }


@hookimpl
def calendar_changed(years):
    """The feedback's due dates are counted in working days: count them again."""
    reminders.sync_due_dates()


@hookimpl
def sitemap_items():
    """The list of consultations; the consultations themselves are Wagtail pages."""
    return [SitemapItem(reverse("consultation:list"), public.last_change())]


@hookimpl
def demo_loaded(base_url):
    """An open consultation with comments, one awaiting its feedback, one concluded."""
    load_demo_consultations()
    return walkthrough(base_url)
