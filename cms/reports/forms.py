"""The report's admin form: the agency from its column, last year's text for a new
draft, the tables assembled (again on request, keeping what was entered by hand), the
cells entered by hand read from their inputs, and the checks run when the report is
submitted, published or approved: an error keeps it where it is, naming the cell."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

from cms.extend.report_tables import ReportTable, table_to_data
from cms.reports import checks
from cms.reports.assembly import assemble_into, is_manual
from cms.reports.drafts import last_year_texts
from cms.reports.render import cell_input

FINALISING_ACTIONS = ("action-submit", "action-restart-workflow", "action-publish")
MAX_CELL = Decimal("1e12")


class AnnualReportPageForm(WagtailAdminPageForm):
    reassemble = forms.BooleanField(
        label=gettext_lazy("Assemble the tables again from the records now"),
        required=False,
        help_text=gettext_lazy("Cells entered by hand are kept."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        index = getattr(self.parent_page, "specific", None)
        agency = getattr(index, "agency", None)
        if self.instance.pk is None and agency is not None:
            year = self.initial.get("year") or self.instance.year
            if year:
                self.initial.update(last_year_texts(agency, year))

    def is_finalising(self) -> bool:
        if any(self.data.get(action) for action in FINALISING_ACTIONS):
            return True
        return bool(self.data.get("action-workflow-action")) and (
            self.data.get("workflow-action-name") == "approve"
        )

    def _post_clean(self):
        super()._post_clean()
        report = self.instance
        index = getattr(self.parent_page, "specific", None)
        if not report.agency_id and getattr(index, "agency_id", None):
            report.agency_id = index.agency_id
        if not report.agency_id or not report.year:
            return
        if self.cleaned_data.get("reassemble") or not report.tables:
            assemble_into(report)
        self._read_entered_cells(report)
        if self.is_finalising() and not self.errors:
            for message in checks.errors(report):
                self.add_error(None, message)

    def _read_entered_cells(self, report) -> None:
        tables = []
        for table in report.frozen_tables():
            if is_manual(table):
                table = self._entered(table)
            tables.append(table_to_data(table))
        report.tables = tables

    def _entered(self, table: ReportTable) -> ReportTable:
        rows = []
        for row in table.rows:
            cells = dict(row.cells)
            for column in table.columns:
                name = cell_input(table, row.key, column.key)
                if row.is_heading or name not in self.data:
                    continue
                cells[column.key] = self._number(self.data[name], table, row.key, column.key)
            rows.append(replace(row, cells=cells))
        return replace(table, rows=tuple(rows))

    def _number(self, text: str, table, row_key, column_key):
        text = text.strip().replace(",", "")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value < 0 or value >= MAX_CELL:
            self.add_error(
                None,
                _("%(cell)s must be a number of at least 0.")
                % {"cell": checks.cell_name(table, row_key, column_key)},
            )
            return None
        return int(value) if value == value.to_integral_value() else value
