"""Turning untrusted text (imports, public input, admin forms) into clean text and safe
rich text."""

import re
from html import escape

import nh3

# What Wagtail's rich-text editor can edit again, so an imported body survives a later edit.
ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "b", "strong", "i", "em", "a", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


# Characters that are never text, removed wherever text enters (import, admin forms, the
# API): the C0 and C1 controls but tab, newline and carriage return (XML cannot carry
# them, so one stored in a title stopped every feed; PostgreSQL refuses NUL); zero-width
# characters and bidirectional marks, overrides and isolates (an asker named "\u200b李"
# shows an invisible first character; an override reorders what a reader sees); the
# interlinear annotation controls; lone surrogates and U+FFFE/U+FFFF.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b\u200c\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\ufffe\uffff]"
)
# The zero-width joiner (U+200D) is text only between two emoji, where it joins 👨‍👩‍👧 or
# 🏳️‍🌈 into one picture (without it the picture falls apart into its parts); anywhere
# else it is as invisible as the others and goes. Emoji: the pictographic blocks and the
# older symbols shown as emoji; before the joiner also a variation selector (U+FE0F).
_EMOJI = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a-\u23ff"
    "\u24c2\u25aa-\u27bf\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001faff"
)
_STRAY_JOINER = re.compile(f"(?<![{_EMOJI}\ufe0f])\u200d|\u200d(?![{_EMOJI}])")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
_BREAKS_AND_TABS = re.compile("[\t\r\n\u2028\u2029]+")


def normalize_text(value: str, *, single_line: bool = False) -> str:
    """``value`` without the characters that are never text (``INVISIBLE``); line breaks
    as ``\\n``, or, with ``single_line`` (a title, a name), breaks and tabs as one space.
    Every entry calls it: the importer, the models' validation and save, public input."""
    text = _STRAY_JOINER.sub("", INVISIBLE.sub("", value))
    if single_line:
        return _BREAKS_AND_TABS.sub(" ", text)
    return _LINE_BREAKS.sub("\n", text)


def normalize_data(value):
    """``normalize_text`` through JSON-like data (a StreamField's raw blocks): every string
    in dicts and lists, keys left alone."""
    if isinstance(value, str):
        return normalize_text(value)
    if isinstance(value, list):
        return [normalize_data(item) for item in value]
    if isinstance(value, dict):
        return {key: normalize_data(item) for key, item in value.items()}
    return value


def _clean(html: str, tags: set, attributes: dict) -> str:
    html = nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    # nh3 turns character references (&#11;, &#8203;) back into the characters.
    return normalize_text(html).strip()


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
