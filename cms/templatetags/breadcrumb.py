"""The breadcrumb of a public page: ``{% breadcrumb_ancestors page as ancestors %}`` in
``cms/includes/breadcrumb.html``."""

from django import template

from cms.public.breadcrumb import ancestors

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumb_ancestors(context, page):
    """The page's ancestors below the site's root, each ``{"depth", "title", "url"}``."""
    return ancestors(page, context.get("request"))
