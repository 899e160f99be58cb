"""The service links plugin in the Wagtail admin: the catalogue as snippets, its import,
the check history, Reports → 失效链接 and the audit-log actions."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from plugins.govservice.admin_views import checks_view, import_view
from plugins.govservice.forms import ItemSearchForm
from plugins.govservice.models import ServiceItem
from plugins.govservice.reports import BrokenLinksReportView


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("govservice/admin.css"))


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("govservice.broken", _("Link broken"), _("Online service link broken"))
    actions.register_action(
        "govservice.recovered", _("Link recovered"), _("Online service link works again")
    )


class HistoryColumn(Column):
    def get_value(self, instance):
        url = reverse("govservice_admin:checks", args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, instance.get_health_display())


class ServiceItemIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("govservice.add_serviceitem"):
            buttons.append(
                HeaderButton(
                    _("Import"), url=reverse("govservice_admin:import"), icon_name="upload"
                )
            )
        return buttons


class ItemChooseView(ChooseView):
    filter_form_class = ItemSearchForm


class ItemChooseResultsView(ChooseResultsView):
    filter_form_class = ItemSearchForm


class ItemChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ItemChooseView
    choose_results_view_class = ItemChooseResultsView


class ServiceItemViewSet(SnippetViewSet):
    model = ServiceItem
    icon = "link"
    menu_label = _("Online services")
    menu_order = 270
    add_to_admin_menu = True
    index_view_class = ServiceItemIndexView
    list_display = [
        "code",
        "name",
        "department",
        HistoryColumn("health", label=_("Link health")),
        "last_checked_at",
    ]
    list_filter = ["status", "health", "audience"]
    # Any part of a name or code (Chinese has no spaces for a search index to split at).
    search_fields = ["name", "code", "department"]
    search_backend_name = None
    chooser_viewset_class = ItemChooserViewSet


register_snippet(ServiceItemViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    patterns = [
        path("import/", import_view, name="import"),
        path("items/<int:item_id>/checks/", checks_view, name="checks"),
        path("broken/", BrokenLinksReportView.as_view(), name="broken"),
        path(
            "broken/results/",
            BrokenLinksReportView.as_view(results_only=True),
            name="broken_results",
        ),
    ]
    return [path("govservice/", include((patterns, "govservice_admin")))]


class CatalogueMenuItem(MenuItem):
    def is_shown(self, request):
        return any(
            request.user.has_perm(f"govservice.{action}_serviceitem")
            for action in ("add", "change", "delete", "view")
        )


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return CatalogueMenuItem(
        _("Broken links"), reverse("govservice_admin:broken"), icon_name="warning", order=80
    )
