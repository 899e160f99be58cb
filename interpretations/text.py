"""How an interpretation's text is cleaned and read: by the core's rules, handed over by
the core when the apps are ready (``cms.apps`` calls ``register``).

Interpretations sit below the core and import none of it (docs/architecture.md), yet their
text must follow the same rules as a policy's: normalised before it is validated or saved
(no control, zero-width or bidi-override characters), and rich text read one line per
paragraph, as the confidentiality review and the search read a policy's body. So the core
registers its functions here, as search registers its sweep with the core.
"""

from collections.abc import Callable

from django.db import models

_normalize_fields: Callable[[models.Model], None] | None = None
_plain_text: Callable[[str], str] | None = None


def register(
    *,
    normalize_fields: Callable[[models.Model], None],
    plain_text: Callable[[str], str],
) -> None:
    """Set the core's text rules: how a model's text is normalised in place, and how rich
    text reads as plain text."""
    global _normalize_fields, _plain_text
    _normalize_fields, _plain_text = normalize_fields, plain_text


def normalize_fields(instance: models.Model) -> None:
    """Normalise the instance's text in place, as the core normalises its own models'."""
    _normalize_fields(instance)


def plain_text(html: str) -> str:
    """Rich text to plain text, one line per paragraph, as the core reads a policy's body."""
    return _plain_text(html)
