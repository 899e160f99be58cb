"""The repeated parts of the public list pages, written in Python.

A list page repeats a row twenty times and an ``<option>`` for every year, doc type and
plugin choice of its filters; through the template engine each costs dozens of
variable lookups and escapes, more than the query that reads the list. These tags
write the same markup directly, each value escaped as the engine escapes it.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _escaped(value) -> str:
    """``value`` escaped as ``{{ value }}`` escapes it (safe strings as they are)."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _badges(badges) -> str:
    """The ``<span class="badge">``s of one policy's (label, style) badges."""
    return "".join(
        f'<span class="badge{f" badge-{_escaped(style)}" if style else ""}">'
        f"{_escaped(label)}</span>"
        for label, style in badges
    )


@register.simple_tag
def policy_rows(rows, badges, empty: str):
    """The ``<li>``s of a list of policies (``cms.models.list_rows``), each with its
    badges (``{policy id: [(label, style)]}``, hook ``policy_badges``); ``empty`` when
    there is none."""
    if not rows:
        return mark_safe(f'<li class="empty">{_escaped(empty)}</li>')
    items = []
    for row in rows:
        number = f"{_escaped(row['doc_number'])} · " if row["doc_number"] else ""
        items.append(
            "<li>\n"
            f'    <a class="policy-title" href="{_escaped(row["url"])}">'
            f"{_escaped(row['title'])}</a>\n"
            f'    <span class="badges">{_badges(badges.get(row["pk"], ()))}</span>\n'
            f'    <span class="meta">{number}{row["issued"]}</span>\n'
            "  </li>"
        )
    return mark_safe("\n  ".join(items))


@register.simple_tag
def options(choices, selected):
    """The ``<option>``s of (value, label) pairs, the one whose value reads as
    ``selected`` (a query parameter) marked selected."""
    selected = str(selected)
    return mark_safe(
        "".join(
            f'<option value="{_escaped(value)}"'
            f"{' selected' if str(value) == selected else ''}>{_escaped(label)}</option>"
            for value, label in choices
        )
    )


@register.simple_tag
def catalogue_rows(entries):
    """The ``<tr>``s of the disclosure catalogue's entries (``cms.public.catalogue``),
    each cell labelled for the stacked table (``data-label``)."""
    if not entries:
        return mark_safe(
            f'<tr><td colspan="5" class="empty">{_escaped(_("No policies found."))}</td></tr>'
        )
    number, title, summary, formed, agency = (
        _escaped(_(label))
        for label in (
            "Index number",
            "Title",
            "Content summary",
            "Date formed",
            "Publishing agency",
        )
    )
    return mark_safe(
        "\n  ".join(
            f'<tr><td class="number" data-label="{number}">{_escaped(entry["index_number"])}</td>'
            f'<td class="title" data-label="{title}"><a href="{_escaped(entry["url"])}">'
            f"{_escaped(entry['title'])}</a></td>"
            f'<td data-label="{summary}">{_escaped(entry["summary"] or "—")}</td>'
            f'<td class="date" data-label="{formed}">{entry["issued_on"].isoformat()}</td>'
            f'<td data-label="{agency}">{_escaped(entry["agency__name"])}</td></tr>'
            for entry in entries
        )
    )
