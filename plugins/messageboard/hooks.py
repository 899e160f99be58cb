"""The message board's hook implementations: how it reaches the core and the public."""

from celery.schedules import crontab
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.translation import gettext as _

from cms.plugin_api import SitemapItem, hookimpl, stamp_of
from plugins.messageboard import inspection, public, roles, views
from plugins.messageboard.api import router
from plugins.messageboard.demo import load_demo_messages, walkthrough
from plugins.messageboard.states import recompute_deadlines
from plugins.messageboard.website_report import messages_table

POLICY_SECTION_MESSAGES = 5


@hookimpl
def website_report_tables(year, site):
    return [messages_table(year, site)]


@hookimpl
def self_inspection_indicators(site):
    return [inspection.unanswered(site)]


@hookimpl
def api_routers():
    return [router]


@hookimpl
def public_urls():
    patterns = [
        path("messages/", views.message_list, name="list"),
        path("messages/received/", views.received, name="received"),
        path("messages/track/", views.track, name="track"),
    ]
    return [path("", include((patterns, "messageboard")))]


@hookimpl
def page_head_links(page):
    """The board's stylesheet, for the section it adds under every policy."""
    return [{"rel": "stylesheet", "href": static("messageboard/board.css"), "type": "text/css"}]


@hookimpl
def site_links(request):
    return [{"label": _("Message board"), "href": reverse("messageboard:list")}]


@hookimpl
def policy_page_sections(policy, request):
    """Under every public policy: its FAQ, its latest published messages and a link to
    the form with the policy chosen. The form is on its own page (views.message_list):
    its CSRF token would make the policy page the visitor's own, so no proxy could keep
    it and no ETag could answer it (cms/public/conditional.py)."""
    stamp = stamp_of(request)
    asked, answered = public.policies_on_board(stamp=stamp)
    items, total = [], 0
    if policy.pk in asked:
        messages = public.published_messages(policy.pk, stamp)
        items = public.page_items(messages, 0, POLICY_SECTION_MESSAGES)
        total = messages.count() if len(items) == POLICY_SECTION_MESSAGES else len(items)
    context = {
        "policy": policy,
        "faq": public.faq_items(policy.pk) if policy.pk in answered else [],
        "items": items,
        "total": total,
    }
    return [render_to_string("messageboard/policy_section.html", context, request=request)]


@hookimpl
def extra_api_fields(policy, request):
    """The policy's FAQ and how many of its messages are published; a policy the board
    has nothing on reads nothing (the sets kept for the request's stamp)."""
    stamp = stamp_of(request) if request is not None else None
    asked, answered = public.policies_on_board(stamp=stamp)
    return {
        "faq": public.faq_items(policy.pk) if policy.pk in answered else [],
        "message_count": (
            public.published_messages(policy.pk, stamp).count() if policy.pk in asked else 0
        ),
    }


@hookimpl
def extra_search_text(policy):
    """The published FAQ, so a question's words find the policy."""
    return _faq_text(public.faq_items(policy.pk))


@hookimpl
def extra_search_text_batch(policies):
    items = public.faq_items_of([policy.pk for policy in policies])
    return {pk: _faq_text(entries) for pk, entries in items.items() if entries}


def _faq_text(entries: list[dict]) -> str:
    return "\n".join(f"{e['question']}\n{e['answer']}" for e in entries)


@hookimpl
def calendar_changed(years):
    recompute_deadlines(years)


@hookimpl
def role_permissions():
    return roles.ROLE_PERMISSIONS


@hookimpl
def periodic_tasks():
    # 08:30 Beijing time, before the working day starts (beat runs in the site's zone).
    return {
        "daily-deadlines": {
            "task": "messageboard.tasks.daily_deadlines",
            "schedule": crontab(hour=8, minute=30),
        }
    }


@hookimpl
def demo_loaded(base_url):
    """Messages in every state under the policies they ask about, an FAQ, one overdue,
    one due tomorrow."""
    load_demo_messages()
    return walkthrough(base_url)


@hookimpl
def sitemap_items():
    """The board's list, changed when its newest message was published."""
    return [SitemapItem(reverse("messageboard:list"), public.last_published())]
