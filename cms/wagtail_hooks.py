from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Agency


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    menu_label = _("Agencies")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "short_name", "org_code", "region"]
    search_fields = ["name"]


register_snippet(AgencyViewSet)
