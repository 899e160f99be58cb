"""Turning untrusted text (imports, public input) into safe rich text."""

import re
from html import escape

import nh3

# What Wagtail's rich-text editor can edit again, so an imported body survives a later edit.
ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "b", "strong", "i", "em", "a", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def _clean(html: str, tags: set, attributes: dict) -> str:
    return nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    ).strip()


def sanitize_html(html: str) -> str:
    """Strip everything but basic structure and links; scripts and handlers disappear."""
    return _clean(html, ALLOWED_TAGS, ALLOWED_ATTRIBUTES)


# Published rich text may also carry the images an editor placed in it.
PUBLIC_TAGS = ALLOWED_TAGS | {"img"}
PUBLIC_ATTRIBUTES = {**ALLOWED_ATTRIBUTES, "img": {"src", "alt", "width", "height"}}


def public_html(html: str) -> str:
    """Rich text for the public API: the editable subset plus images, nothing active."""
    return _clean(html, PUBLIC_TAGS, PUBLIC_ATTRIBUTES)


def text_to_html(text: str) -> str:
    """Plain text to paragraphs: one <p> per non-empty line."""
    lines = (line.strip() for line in text.replace("\r\n", "\n").split("\n"))
    return "".join(f"<p>{escape(line)}</p>" for line in lines if line)


def rich_text_from_input(value: str) -> str:
    """Accept a body as plain text or HTML and return sanitized rich-text HTML."""
    value = value or ""
    if _LOOKS_LIKE_HTML.search(value):
        return sanitize_html(value)
    return text_to_html(value)
