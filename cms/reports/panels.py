"""The report's edit view: its fields, and the tables as the public will see them, the
counted ones read-only (each cell linking to its records where the plugin names them),
those entered by hand (手工填报) as inputs; with the checks' errors and the numbers that
changed in the records since the tables were assembled."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel, TitleFieldPanel

from cms.reports import checks
from cms.reports.render import TableView, table_view


def _menu_urls(menu, request) -> list[str]:
    urls = []
    for item in menu.menu_items_for_request(request):
        inner = getattr(item, "menu", None)
        urls += _menu_urls(inner, request) if inner is not None else [item.url]
    return urls


def keep_openable_links(views: list[TableView], request) -> list[TableView]:
    """Drop the links of computed cells this user may not open: a link is kept when it
    lies under an admin menu item shown to them (the disclosure requests' list only for
    the office, say), so no cell leads to “没有权限访问”."""
    from wagtail.admin.menu import admin_menu

    if request is None or request.user.is_superuser:
        return views
    prefixes = [url for url in _menu_urls(admin_menu, request) if url.startswith("/")]
    for view in views:
        for cell in view.across:  # every cell, whatever the layout
            path = cell["link"].split("?", 1)[0]
            if path and not any(path.startswith(p) for p in prefixes if p != "/admin/"):
                cell["link"] = ""
    return views


class ReportTablesPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/annual_report_tables.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            report = self.instance
            data = self.form.data if self.form.is_bound else None
            ready = bool(report.tables) and bool(report.agency_id) and bool(report.year)
            context.update(
                tables=keep_openable_links(
                    [table_view(t, data) for t in report.frozen_tables()], self.request
                ),
                assembled_at=report.assembled_at,
                errors=checks.errors(report) if ready else [],
                warnings=checks.warnings(report) if ready else [],
            )
            return context


def content_panels() -> list:
    return [
        TitleFieldPanel("title"),
        FieldPanel("year"),
        FieldPanel("overview"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("licence_decisions"), FieldPanel("licence_source")]),
                FieldRowPanel([FieldPanel("penalty_decisions"), FieldPanel("penalty_source")]),
                FieldRowPanel([FieldPanel("coercion_decisions"), FieldPanel("coercion_source")]),
                FieldRowPanel([FieldPanel("fee_amount"), FieldPanel("fee_source")]),
                FieldPanel("documents_difference_note"),
            ],
            heading=_("2. Proactive disclosure: cells entered by the office"),
        ),
        MultiFieldPanel(
            [FieldPanel("reassemble"), ReportTablesPanel()],
            heading=_("Tables"),
        ),
        FieldPanel("problems"),
        FieldPanel("other_matters"),
        FieldPanel("change_note"),
    ]
