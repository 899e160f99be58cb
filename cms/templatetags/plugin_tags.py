"""Template tags through which plugins add to public pages."""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cms.extend import plugin_manager

register = template.Library()


@register.simple_tag(takes_context=True)
def plugin_head_links(context, page=None):
    """The ``<link>`` elements of the ``page_head_links`` hook, escaped."""
    request = context.get("request")
    if page is None or request is None:
        return ""
    links = plugin_manager.page_head_links(page, request)
    return format_html_join(
        "\n",
        '<link rel="{}" type="{}" href="{}" title="{}">',
        (
            (
                link.get("rel", "alternate"),
                link.get("type", ""),
                link["href"],
                link.get("title", ""),
            )
            for link in links
        ),
    ) or format_html("")


@register.simple_tag(takes_context=True)
def plugin_site_links(context):
    """The footer links of the ``site_links`` hook, escaped."""
    request = context.get("request")
    if request is None:
        return ""
    links = plugin_manager.site_links(request)
    return format_html_join(
        " · ", '<a href="{}">{}</a>', ((link["href"], link["label"]) for link in links)
    ) or format_html("")


@register.simple_tag(takes_context=True)
def plugin_policy_sections(context, page):
    """The sections of the ``policy_page_sections`` hook; a plain string is escaped."""
    request = context.get("request")
    if request is None:
        return ""
    sections = plugin_manager.policy_page_sections(page, request)
    return mark_safe("\n".join(conditional_escape(section) for section in sections))


@register.simple_tag(takes_context=True)
def plugin_policy_notices(context, page, interpretation=None):
    """The notices of the ``policy_notices`` hook; a plain string is escaped. An
    interpretation's page passes itself (``interpretation=page``)."""
    notices = plugin_manager.policy_notices(page, context.get("request"), interpretation)
    return mark_safe("\n".join(conditional_escape(notice) for notice in notices))


@register.simple_tag(takes_context=True)
def plugin_policy_notes(context, page):
    """The public notes of the ``policy_notes`` hook on one policy, escaped, each with its
    link."""
    notes = plugin_manager.policy_notes([page], request=context.get("request")).get(page.pk, [])
    return format_html_join(
        "\n",
        '<p class="notice policy-note policy-note-{}">{}{}</p>',
        ((note.plugin, note.text, _link(note.url, note.link_text)) for note in notes),
    )


@register.simple_tag(takes_context=True)
def plugin_policy_citations(context, policy):
    """What an interpretation's page cites of its policy's notes (the feedback on the
    consultation it came from): a list of links, or nothing."""
    request = context.get("request")
    notes = [
        note
        for note in plugin_manager.policy_notes([policy], request=request).get(policy.pk, [])
        if note.citation and note.url
    ]
    if not notes:
        return ""
    items = format_html_join(
        "", "<li>{}</li>", ((_link(note.url, note.citation),) for note in notes)
    )
    return format_html(
        '<aside class="policy-citations"><h2>{}</h2><ul>{}</ul></aside>', _("References"), items
    )


def _link(url: str, text: str):
    if not url:
        return ""
    return format_html(' <a href="{}">{}</a>', url, text or _("Details"))


@register.simple_tag(takes_context=True)
def plugin_policy_actions(context, policy):
    """The buttons of the ``policy_actions`` hook; a plain string is escaped."""
    actions = plugin_manager.policy_actions(policy, context.get("request"))
    if not actions:
        return ""
    buttons = "\n".join(conditional_escape(action) for action in actions)
    return mark_safe(f'<div class="policy-actions">{buttons}</div>')


@register.simple_tag(takes_context=True)
def plugin_policy_metadata(context, page):
    """The rows plugins add to the metadata table, two to a line like the core's."""
    rows = plugin_manager.policy_metadata(page, context.get("request"))
    cells = [format_html("<th>{}</th><td>{}</td>", label, value) for label, value in rows]
    lines = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    return mark_safe("".join(f"<tr>{''.join(line)}</tr>" for line in lines))


@register.simple_tag(takes_context=True)
def plugin_policy_badges(context, policies):
    """Policy id → the labels plugins show beside it (``{% ... as badges %}``)."""
    return plugin_manager.styled_policy_badges(policies, context.get("request"))


@register.simple_tag
def plugin_badges_for(badges, policy):
    """The labels of one policy of a list, as escaped ``<span class="badge">``s, each with
    its plugin's style class when it gives one (``badge-validity-repealed``)."""
    return format_html_join(
        "",
        '<span class="badge{}">{}</span>',
        ((f" badge-{style}" if style else "", label) for label, style in badges.get(policy.pk, [])),
    )
