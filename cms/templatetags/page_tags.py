"""The page tags (网页标签) in a public page's head: ``{% page_tags %}`` in base.html."""

from django import template
from wagtail.models import Page

from cms.public import page_tags as tags

register = template.Library()


@register.inclusion_tag("cms/includes/page_tags.html", takes_context=True)
def page_tags(context):
    """The ``<meta>`` tags of the page in the context (``page``), or of a view's column
    (``column_tags``, a dict); the site's alone for any other view."""
    request = context.get("request")
    if request is None:
        return {"tags": []}
    page = context.get("page")
    page = page if isinstance(page, Page) else None  # a list's paginator page is not one
    column = context.get("column_tags")
    return {"tags": tags.page_tags(request, page=page, column=column)}
