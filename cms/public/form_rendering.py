"""Django's form templates rendered once per distinct context, not once per request.

Django renders every widget of a form through its template engine: a radio button or an
option is an ``{% include %}`` of a few templates, so the public forms (the disclosure
application, the message board's) spent most of their page's CPU there, ~0.3 ms a radio
group. Yet Django's own form templates (``django/forms/...``) only print their context:
the same context renders the same HTML. So ``FormRenderer`` keeps the HTML of each of
those templates per context, when the context holds only plain values (strings, numbers,
booleans, None, and lists and dicts of them: a widget's; an empty error list); any other
template or context
(a form's own, holding the form) is rendered as always. At most ``LIMIT`` are kept; then
they are forgotten at once.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language

LIMIT = 4096
_SCALARS = frozenset((int, float, bool, type(None), SafeString))


class _NotPlain(Exception):
    pass


def _frozen(value):
    """``value`` as a hashable key that tells apart what renders differently (a safe
    string from a plain one, True from 1); ``_NotPlain`` for anything else."""
    kind = type(value)
    if kind is str:
        return value
    if kind is dict:
        return (dict, *[(key, _frozen(item)) for key, item in value.items()])
    if kind is list or kind is tuple:
        return (kind, *[_frozen(item) for item in value])
    if kind in _SCALARS:
        return (kind, value)
    if isinstance(value, Promise):  # printed as its text (conditional_escape)
        return str(value)
    if isinstance(value, ErrorList) and not value.data:  # a field without errors prints none
        return (ErrorList, value.error_class)
    raise _NotPlain


class FormRenderer(DjangoTemplates):
    """Django's default renderer, with the HTML of its own form templates kept per
    plain context."""

    def __init__(self):
        super().__init__()
        self._kept: dict = {}

    def render(self, template_name, context, request=None):
        if request is not None or not template_name.startswith("django/forms/"):
            return super().render(template_name, context, request)
        try:
            key = (template_name, get_language(), _frozen(context))
        except _NotPlain:
            return super().render(template_name, context, request)
        html = self._kept.get(key)
        if html is None:
            html = super().render(template_name, context, request)
            if len(self._kept) >= LIMIT:
                self._kept.clear()
            self._kept[key] = html
        return html
