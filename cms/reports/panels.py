"""The report's edit view: its fields, and the tables as the public will see them, the
counted ones read-only (each cell linking to its records where the plugin names them),
those entered by hand (手工填报) as inputs; with the checks' errors and the numbers that
changed in the records since the tables were assembled."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel, TitleFieldPanel

from cms.reports import checks
from cms.reports.render import table_view


class ReportTablesPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/annual_report_tables.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            report = self.instance
            data = self.form.data if self.form.is_bound else None
            ready = bool(report.tables) and bool(report.agency_id) and bool(report.year)
            context.update(
                tables=[table_view(t, data) for t in report.frozen_tables()],
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
