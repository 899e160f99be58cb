"""The public's tracking pages (查询码): what someone who sent something without an account
(a message, a comment, an application) follows it by. Every lookup counts against the
API's per-client rate (``check_rate``), so codes cannot be tried at speed, and one past
it gets the 429 page; a code that finds nothing gets one answer, whatever it was.

Beside the API because that rate is the API's; the pages are the plugins' HTML.
"""

from __future__ import annotations

from django.template.response import TemplateResponse

from cms.access.throttled import too_many
from cms.api.conditional import check_rate


def tracking_lookup(request, form_class, find, data, *, limit=None):
    """``(form, found, None)``: ``form_class(data)`` and what ``find(form)`` (yours) found
    by it, None for nothing; or ``(None, None, the 429 page)`` past the API's rate or past
    ``limit(request)`` (a per-address limit of your own, ``limited``), asked only within
    the first."""
    if check_rate(request) is not None or (limit is not None and limit(request) is not None):
        return None, None, too_many(request)
    form = form_class(data)
    return form, find(form), None


def tracking_page(request, template, form_class, find, show, *, not_found, context=None):
    """A tracking page: the form; once a code is sent (posted, or ``?code=`` in the link
    of the confirmation page) the lookup (``tracking_lookup``), and then ``not_found`` as
    the page's ``error`` or ``show(request, found)``'s keys added to the context (``item``,
    and ``error`` for an action refused). ``context``: more keys for the template."""
    context = {"form": form_class(), "item": None, "error": "", **(context or {})}
    data = request.POST if request.method == "POST" else request.GET
    if "code" in data:
        form, found, refused = tracking_lookup(request, form_class, find, data)
        if refused is not None:
            return refused
        context["form"] = form
        if found is None:
            context["error"] = not_found
        else:
            context.update(show(request, found))
    return TemplateResponse(request, template, context)
