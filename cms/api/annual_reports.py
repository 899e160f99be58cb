"""GET /api/v1/annual-reports and /api/v1/annual-reports/{id}: the published annual
disclosure reports (their live version only), with their tables as frozen."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field
from wagtail.rich_text import expand_db_html

from cms.api.conditional import public_get
from cms.api.errors import ErrorOut
from cms.api.schemas import Id
from cms.models import AnnualReportPage
from cms.reports.render import sections

router = Router(tags=["政府信息公开年度报告"])
ERRORS = {304: None, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


class ReportItem(Schema):
    id: int
    title: str
    agency: str
    agency_id: int
    year: int
    published_at: str
    url: str
    word_url: str


class CellsOut(Schema):
    key: str
    label: str
    level: int
    cells: dict[str, int | float | None]  # numbers in JSON, not Decimal's strings


class ColumnOut(Schema):
    key: str
    label: str
    group: str


class TableOut(Schema):
    section: str
    key: str
    title: str
    unit: str
    entered_by_hand: bool
    columns: list[ColumnOut]
    rows: list[CellsOut]
    sources: list[str]


class SectionOut(Schema):
    number: str
    heading: str
    text_html: str
    tables: list[TableOut]


class ReportDetail(ReportItem):
    change_note: str
    sections: list[SectionOut]


class ReportFilters(Schema):
    agency: Id | None = Field(None, description="机关 id")
    year: int | None = Field(None, ge=2008, le=2100, description="年度")


def _item(report, request) -> dict:
    return {
        "id": report.pk,
        "title": report.title,
        "agency": report.agency.name,
        "agency_id": report.agency_id,
        "year": report.year,
        "published_at": report.first_published_at.isoformat(),
        "url": request.build_absolute_uri(report.url),
        "word_url": request.build_absolute_uri(reverse("annual_report_word", args=[report.pk])),
    }


def _table(view) -> dict:
    table = view.table
    return {
        "section": table.section,
        "key": table.key,
        "title": str(table.title),
        "unit": str(table.unit),
        "entered_by_hand": view.manual,
        "columns": [{"key": c.key, "label": c.label, "group": c.group} for c in table.columns],
        "rows": [
            {"key": r.key, "label": r.label, "level": r.level, "cells": dict(r.cells)}
            for r in table.rows
        ],
        "sources": view.sources,
    }


def _published():
    return AnnualReportPage.objects.live().public().select_related("agency")


@router.get(
    "/annual-reports",
    response={200: list[ReportItem], **ERRORS},
    url_name="annual_report_list",
    summary="政府信息公开工作年度报告列表",
)
@decorate_view(public_get)
def report_list(request, filters: Query[ReportFilters]):
    """Published reports, newest year first; filter by agency and year."""
    reports = _published()
    if filters.agency is not None:
        reports = reports.filter(agency_id=filters.agency)
    if filters.year is not None:
        reports = reports.filter(year=filters.year)
    return [_item(r, request) for r in reports.order_by("-year", "agency__name")]


@router.get(
    "/annual-reports/{id}",
    response={200: ReportDetail, **ERRORS},
    url_name="annual_report_detail",
    summary="政府信息公开工作年度报告详情",
)
@decorate_view(public_get)
def report_detail(request, id: Id):
    """One published report: its six sections with their text and tables."""
    report = _published().filter(pk=id).first()
    if report is None:
        raise Http404(_("No published annual report matches this request."))
    return {
        **_item(report, request),
        "change_note": report.change_note,
        "sections": [
            {
                "number": s["number"],
                "heading": s["heading"],
                "text_html": expand_db_html(s["text"] or ""),
                "tables": [_table(v) for v in s["tables"]],
            }
            for s in sections(report)
        ],
    }
