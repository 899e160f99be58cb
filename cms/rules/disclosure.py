"""Disclosure attribute (公开属性), set at drafting (政府信息公开条例, arts. 14-16, 19-20).

Anything but proactive disclosure needs a stated legal reason; without one the draft
is refused. This module is the one place that rule lives: the model, the admin form and
the importer all call `disclosure_errors`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Disclosure(models.TextChoices):
    PROACTIVE = "proactive", _("Proactive disclosure")
    ON_REQUEST = "on_request", _("Disclosure on request")
    WITHHELD = "withheld", _("Not disclosed")


FOOTNOTES = {
    Disclosure.PROACTIVE: _("This document is published proactively."),
    Disclosure.ON_REQUEST: _("This document is disclosed on request."),
    Disclosure.WITHHELD: _("This document is not disclosed."),
}

# What the admin calls a live policy that is not on the website (its page list, the bundle
# report, the last approval's notice): published, but not public (bundle rule 7,
# docs/architecture.md#bundle-rules).
PUBLISHED_NOT_PUBLIC = {
    Disclosure.ON_REQUEST: pgettext_lazy(
        "page status", "published (disclosed on request, not on the website)"
    ),
    Disclosure.WITHHELD: pgettext_lazy(
        "page status", "published (not disclosed, not on the website)"
    ),
}

REASON_MAX_LENGTH = 500


def disclosure_errors(disclosure: str, reason: str) -> dict[str, str]:
    """Return field errors for a disclosure attribute and its reason, keyed by field name.

    Empty when the pair is valid: proactive needs no reason, anything else needs one.
    """
    if disclosure not in Disclosure.values:
        return {
            "disclosure": _("Unknown disclosure attribute “%(value)s”.") % {"value": disclosure}
        }
    reason = (reason or "").strip()
    if disclosure != Disclosure.PROACTIVE and not reason:
        return {
            "disclosure_reason": _(
                "A legal reason is required for documents that are not disclosed proactively."
            )
        }
    if len(reason) > REASON_MAX_LENGTH:
        return {
            "disclosure_reason": _("The reason may be at most %(max)d characters long.")
            % {"max": REASON_MAX_LENGTH}
        }
    return {}


def footnote(disclosure: str) -> str:
    """The line printed under a document: 此件公开发布, 此件依申请公开 or 此件不公开."""
    return str(FOOTNOTES.get(disclosure, ""))


def published_status(disclosure: str) -> str | None:
    """How the admin names a live document with this attribute when it is not on the
    website (已发布（依申请公开，不在网站公开）); None when it is, and 已发布 says it all."""
    label = PUBLISHED_NOT_PUBLIC.get(disclosure)
    return str(label) if label else None
