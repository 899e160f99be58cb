"""The website annual report's work (政府网站工作年度报表): its column and draft, its
identity and tables assembled (the core's counts, the plugins' through the hook
``website_report_tables``, the rest entered by hand and kept when assembled again), and
the checks before it is submitted or published: the identity complete, no empty cell, the
parts within their wholes (interpretations = materials + products; the catalogue's items
within all information published …) and the plugins' own checks. Each failure
names its cell in Chinese. Warnings: computed numbers that changed since the assembly."""

from __future__ import annotations

from dataclasses import replace

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site, Workflow, WorkflowPage

from cms.extend import plugin_manager
from cms.extend.report_tables import ReportTable, table_to_data
from cms.models import HomePage, WebsiteReportIndexPage, WebsiteReportPage
from cms.reports import website_layout as layout
from cms.reports.assembly import is_manual
from cms.reports.checks import correction_note
from cms.reports.drafts import WORKFLOW

# (table, part, whole): the part may not exceed the whole. Only parts of the same
# things: messages answered in a year may have been received the year before.
WITHIN = [
    ("information", "catalogue", "total"),
    ("columns", "opened", "maintained"),
    ("interviews", "answered", "questions"),
]


def cell_name(table: ReportTable, row_key: str) -> str:
    """“<table>·<row>”: how a message names a cell."""
    label = next((row.label for row in table.rows if row.key == row_key), row_key)
    return f"“{table.title}·{label}”"


def computed_tables(site, year: int) -> dict[str, ReportTable]:
    """The tables the core and the plugins count for the site and year, by key."""
    counted = {t.key: t for t in layout.core_tables(site, year)}
    for (section, key), table in plugin_manager.website_report_tables(year, site).items():
        if section == layout.SECTION and key in layout.KEYS and key not in layout.CORE_KEYS:
            counted[key] = table
    return counted


def _keep_entered(blank: ReportTable, entered: ReportTable | None) -> ReportTable:
    if entered is None or not is_manual(entered):
        return blank
    rows = []
    for row in blank.rows:
        old = next((r.cells for r in entered.rows if r.key == row.key), {})
        rows.append(replace(row, cells={k: old.get(k, v) for k, v in row.cells.items()}))
    return replace(blank, rows=tuple(rows))


def assemble_into(report) -> None:
    """Copy the site's identity and count the tables now, keeping the cells entered by
    hand."""
    counted = computed_tables(report.site, report.year)
    before = {t.key: t for t in report.frozen_tables()}
    tables = [
        counted.get(blank.key) or _keep_entered(blank, before.get(blank.key))
        for blank in layout.skeletons()
    ]
    report.identity = layout.identity(report.site)
    report.tables = [table_to_data(t) for t in tables]
    report.assembled_at = timezone.now()


def identity_lines(report) -> list[tuple[str, str]]:
    """(label, value) of the identity as frozen in the report."""
    values = report.identity or {}
    return [(label, values.get(key, "")) for key, label, _req in layout.identity_labels()]


def _identity_errors(report) -> list[str]:
    return [
        _("Website identity “%(field)s” is empty (Settings → website identity and records).")
        % {"field": label}
        for key, label, required in layout.identity_labels()
        if required and not str(report.identity.get(key) or "").strip()
    ]


def _within(table: ReportTable) -> list[str]:
    failures = []
    for key, part, whole in WITHIN:
        if table.key != key:
            continue
        small, big = table.cell(part, layout.VALUE), table.cell(whole, layout.VALUE)
        if small is not None and big is not None and small > big:
            failures.append(
                _("%(part)s is %(small)s, more than %(whole)s (%(big)s).")
                % {
                    "part": cell_name(table, part),
                    "small": small,
                    "whole": cell_name(table, whole),
                    "big": big,
                }
            )
    return failures


def _sums(table: ReportTable) -> list[str]:
    if table.key != "interpretations":
        return []
    values = [table.cell(k, layout.VALUE) for k in ("total", "materials", "products")]
    if None in values or values[0] == values[1] + values[2]:
        return []
    return [
        _("%(cell)s is %(total)s, but materials and products add up to %(sum)s.")
        % {"cell": cell_name(table, "total"), "total": values[0], "sum": values[1] + values[2]}
    ]


def errors(report, refused=frozenset()) -> list[str]:
    """Every reason the report may not be submitted or published yet, in Chinese.
    ``refused``: the (table, row) cells whose input the form refused with its own message,
    filled, so not to be called empty."""
    found = _identity_errors(report) + correction_note(report)
    for table in report.frozen_tables():
        found += [
            _("%(cell)s is empty.") % {"cell": cell_name(table, row.key)}
            for row in table.rows
            if row.cells.get(layout.VALUE) is None and (table.key, row.key) not in refused
        ]
        found += _within(table) + _sums(table)
        for check in table.checks:
            found += [f"{table.title}：{failure}" for failure in check.failures]
    return list(dict.fromkeys(found))


def warnings(report) -> list[str]:
    """Computed numbers the records give differently now than when assembled."""
    if not report.tables:
        return []
    now = computed_tables(report.site, report.year)
    changed = []
    for table in report.frozen_tables():
        fresh = now.get(table.key)
        if fresh is None or is_manual(table):
            continue
        for row in table.rows:
            old = row.cells.get(layout.VALUE)
            new = next((r.cells.get(layout.VALUE) for r in fresh.rows if r.key == row.key), old)
            if old != new:
                changed.append(
                    _("%(cell)s: %(old)s in the report, %(new)s in the records now.")
                    % {"cell": cell_name(table, row.key), "old": old, "new": new}
                )
    return changed


def ensure_index(site) -> WebsiteReportIndexPage | None:
    """The site's 政府网站工作年度报表 column under its home page, created (live, with the
    annual report workflow) if missing."""
    root = site.root_page
    existing = WebsiteReportIndexPage.objects.child_of(root).first()
    if existing is not None:
        return existing
    if not isinstance(root.specific, HomePage):
        return None
    index = WebsiteReportIndexPage(title=_("Website annual reports"), slug="website-reports")
    root.add_child(instance=index)
    index.save_revision().publish()
    workflow = Workflow.objects.filter(name=WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return index


def start_draft(site: Site, year: int, user=None) -> WebsiteReportPage:
    """The site's website report of ``year``: the existing one, or a new draft with its
    identity and tables assembled now."""
    existing = WebsiteReportPage.objects.filter(site=site, year=year).first()
    if existing is not None:
        return existing
    index = ensure_index(site)
    if index is None:
        raise ValueError(f"site {site.pk} has no home page to hold its website reports")
    report = WebsiteReportPage(
        title=_("%(site)s website annual report %(year)s")
        % {"site": site.site_name or site.root_page.title, "year": year},
        slug=str(year),
        site=site,
        year=year,
        live=False,
        owner=user,
    )
    assemble_into(report)
    index.add_child(instance=report)
    report.save_revision(user=user)
    return report
