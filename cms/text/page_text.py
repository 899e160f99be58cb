"""The text a page publishes, as every reader of it sees it.

The confidentiality review, the search document and anything else that reads what a
policy or an interpretation says take their text from here, so what is checked is what
is indexed is what is published. A StreamField is read through Wagtail's block API
(each block's ``get_searchable_content``), never through its raw JSON: a page loaded
from the database or from a revision holds its stream lazily, and only the blocks know
how to read it.
"""

import re
from collections.abc import Iterator
from html import unescape

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|div|tr|blockquote)>|<br\s*/?>", re.IGNORECASE)


def plain_text(html: str) -> str:
    """Rich text to plain text, one line per paragraph (a marking printed on a line of
    its own stays alone on its line)."""
    return unescape(strip_tags(_BLOCK_END.sub("\n", html or ""))).strip()


def stream_texts(value) -> Iterator[tuple[str, str]]:
    """(block label, plain text) of each top-level block of a StreamField value, in order.

    The text is the block's searchable content: every string the block publishes (a
    section's name, heading and text, a question and its answer, a caption, an image's
    alt text), one per line. The label is the block type's, unless the value names itself
    more precisely through a ``block_label`` property (a section names its kind).
    """
    for child in value:
        strings = child.block.get_searchable_content(child.value)
        label = getattr(child.value, "block_label", None) or child.block.label
        yield str(label), "\n".join(str(s) for s in strings if s)


def body_text(page) -> str:
    """The plain text of a page's body: rich text, or every block of a StreamField."""
    body = getattr(page, "body", None)
    if body is None:
        return ""
    if isinstance(body, str):
        return plain_text(body)
    return "\n".join(text for _label, text in stream_texts(body))


# Fields a policy or an interpretation publishes beside its title and body.
_TEXT_FIELDS = ("doc_number", "summary", "interpreter_name", "interpreter_title")


def page_texts(page) -> Iterator[tuple[str, str]]:
    """(field label, plain text) pairs of what a page will publish; each block of a
    StreamField body is a field of its own (正文·第2块（问答）), so a finding can say
    where it is."""
    yield _("title"), page.title
    for name in _TEXT_FIELDS:
        value = getattr(page, name, "")
        if value:
            yield str(page._meta.get_field(name).verbose_name), value
    body = getattr(page, "body", None)
    if body is None:
        return
    label = _("body")
    if isinstance(body, str):
        yield label, plain_text(body)
        return
    for number, (block, text) in enumerate(stream_texts(body), start=1):
        yield (
            _("%(field)s, block %(number)d (%(block)s)")
            % {
                "field": label,
                "number": number,
                "block": block,
            },
            text,
        )
