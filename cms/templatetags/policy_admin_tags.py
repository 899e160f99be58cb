"""Template filters for the core's overrides of Wagtail's admin templates."""

from django import template
from django.apps import apps

register = template.Library()


@register.filter
def app_verbose_name(app_label: str) -> str:
    """An app's name as the admin shows it (政策文件库, 政策解读 …), not its label."""
    try:
        return apps.get_app_config(app_label).verbose_name
    except LookupError:
        return app_label
