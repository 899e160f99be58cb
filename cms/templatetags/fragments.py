"""Parts of every public page that are the same for every visitor, rendered once per
publication stamp: ``{% kept_fragment "footer" %}…{% endkept_fragment %}``.

The chrome of base.html (the header, the footer with the plugins' links and the site's
identity, the head's static links) costs more to render than many a page's own content,
and only a change of the sites, the identity, the plugins or what is published changes
it; each of those moves the publication stamp (cms.signals). So a fragment is rendered
once per stamp, template, name, language and site, plus the values given after its name
(``{% kept_fragment "header" site_name %}``: whatever else of the context it shows), and
kept in the process.

What is kept must be the same for everyone: never a visitor's name, a form's CSRF token
or a CSP nonce. A fragment whose rendering asked for the CSRF token or showed the
request's nonce is not kept (rendered on each request instead), so a mistake costs time,
not a token sent to another visitor.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.autoreload import file_changed
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cms.models.sites import site_of
from cms.models.stamps import kept_in_process, new_process_memory, stamp_of

register = template.Library()

# Apart from the other kept values, so that a busy route table does not push them out.
_memory = new_process_memory()


@receiver(setting_changed)
def _forget_fragments(**kwargs):
    # The plugins, the language or a static files setting may have changed (the tests).
    _memory.update(stamp=None, answers={})


@receiver(file_changed)
def _forget_edited_templates(sender, file_path, **kwargs):
    # runserver reloads an edited template without restarting: its fragments too.
    if file_path.suffix == ".html":
        _memory.update(stamp=None, answers={})


class _Personal(Exception):
    """A fragment showed something of its request's own: rendered, not kept."""

    def __init__(self, text: str):
        self.text = text


class KeptFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        site = site_of(request)
        key = (
            self.origin.template_name if self.origin else None,
            self.name.resolve(context),
            get_language(),
            site.pk if site is not None else None,
            *(value.resolve(context) for value in self.vary),
        )
        try:
            return kept_in_process(
                key,
                lambda: self._render_shared(context, request),
                stamp=stamp_of(request),
                memory=_memory,
            )
        except _Personal as personal:
            return personal.text

    def _render_shared(self, context, request) -> str:
        """The fragment, rendered; raises ``_Personal`` when it used the request's CSRF
        token or showed its CSP nonce."""
        # get_token() sets the flag whenever it hands out a token.
        flag = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
        nonce = getattr(request, "_csp_nonce", None)
        try:
            text = mark_safe(self.nodelist.render(context))
        finally:
            token_used = request.META["CSRF_COOKIE_NEEDS_UPDATE"]
            if flag is None and not token_used:
                del request.META["CSRF_COOKIE_NEEDS_UPDATE"]
            else:
                request.META["CSRF_COOKIE_NEEDS_UPDATE"] = bool(flag) or token_used
        now = getattr(request, "_csp_nonce", None)
        if token_used or (isinstance(now, str) and (now != nonce or now in text)):
            raise _Personal(text)
        return text


@register.tag
def kept_fragment(parser, token):
    """``{% kept_fragment "name" [value …] %}…{% endkept_fragment %}``: the enclosed part
    rendered once per publication stamp, language, site and the values given (see the
    module's docstring for what it must not hold)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name")
    nodelist = parser.parse(("endkept_fragment",))
    parser.delete_first_token()
    return KeptFragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
