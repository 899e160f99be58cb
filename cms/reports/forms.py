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
from cms.text.sanitize import normalize_text

FINALISING_ACTIONS = ("action-submit", "action-restart-workflow", "action-publish")
MAX_CELL = Decimal("1e12")
MIN_YEAR, MAX_YEAR = 2008, 2100
MAX_COUNT = 99_999_999
MAX_FEE = Decimal("99999999")  # 万元
COUNT_FIELDS = ("licence_decisions", "penalty_decisions", "coercion_decisions")
# Plain text the office types: control, zero-width and bidi characters are never text.
LINE_FIELDS = ("licence_source", "penalty_source", "coercion_source", "fee_source", "change_note")
TEXT_FIELDS = ("documents_difference_note",)


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

        # Our own Chinese messages for the bounds, not Django's (which name raw limits).
        for name in (*COUNT_FIELDS, "fee_amount"):
            if name in self.fields:
                self.fields[name].validators = []
                self.fields[name].min_value = None

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise forms.ValidationError(
                _("Enter a year from %(low)d to %(high)d.") % {"low": MIN_YEAR, "high": MAX_YEAR}
            )
        return year

    def _count(self, name: str):
        value = self.cleaned_data.get(name)
        if value is not None and value < 0:
            raise forms.ValidationError(_("The number cannot be negative."))
        if value is not None and value > MAX_COUNT:
            raise forms.ValidationError(_("The number cannot exceed %(max)d.") % {"max": MAX_COUNT})
        return value

    def clean_licence_decisions(self):
        return self._count("licence_decisions")

    def clean_penalty_decisions(self):
        return self._count("penalty_decisions")

    def clean_coercion_decisions(self):
        return self._count("coercion_decisions")

    def clean_fee_amount(self):
        value = self.cleaned_data.get("fee_amount")
        if value is None:
            return value
        if value < 0:
            raise forms.ValidationError(_("The amount cannot be negative."))
        if value > MAX_FEE:
            raise forms.ValidationError(
                _("The amount cannot exceed %(max)s (10,000 yuan).") % {"max": MAX_FEE}
            )
        if value.as_tuple().exponent < -4:
            raise forms.ValidationError(_("At most four decimal places (10,000 yuan)."))
        return value

    def clean(self):
        cleaned = super().clean()
        for name in (*LINE_FIELDS, *TEXT_FIELDS):
            if isinstance(cleaned.get(name), str):
                text = normalize_text(cleaned[name], single_line=name in LINE_FIELDS)
                cleaned[name] = text.strip()
        return cleaned

    def year_taken(self, report, **owner) -> bool:
        """Whether another report of the same owner (agency or site) has this year."""
        others = type(report).objects.filter(year=report.year, **owner)
        return others.exclude(pk=report.pk).exists()

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
        if self.year_taken(report, agency_id=report.agency_id):
            self.add_error("year", _("The agency already has a report of this year."))
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
