"""Every CSV the site sends opens in Excel as UTF-8 (issue 24.17).

Excel reads a CSV without a byte order mark in the system's code page (GBK on a Chinese
Windows), so the reports' Chinese headings and titles came out as mojibake. The reports
export through Wagtail's SpreadsheetExportMixin, as do Wagtail's own (site history,
locked pages, page listings …); rather than patch each, this middleware gives every
`text/csv` response the UTF-8 charset and a BOM, once.
"""

import datetime
from collections.abc import AsyncIterator, Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView

BOM = "\ufeff".encode()


def _with_bom(chunks: Iterable[bytes]) -> Iterator[bytes]:
    first = True
    for chunk in chunks:
        if first and chunk:
            first = False
            if not chunk.startswith(BOM):
                yield BOM
        yield chunk
    if first:
        yield BOM


async def _with_bom_async(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    first = True
    async for chunk in chunks:
        if first and chunk:
            first = False
            if not chunk.startswith(BOM):
                yield BOM
        yield chunk
    if first:
        yield BOM


def leave_as_stored(response):
    """Mark a response whose bytes are a stored file's (a document's download): its CSV
    is the uploader's, sent byte for byte with the Content-Length and charset its view
    gave it. A BOM added to it made it three bytes longer than its Content-Length, so a
    client dropped its last three bytes, and a GB18030 file was labelled UTF-8."""
    response.csv_as_stored = True
    return response


def is_csv(response) -> bool:
    content_type = response.get("Content-Type", "")
    return content_type.split(";", 1)[0].strip().lower() == "text/csv"


class ExcelCsvMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_csv(response) or getattr(response, "csv_as_stored", False):
            return response
        response["Content-Type"] = "text/csv; charset=utf-8"
        if response.streaming:
            if getattr(response, "is_async", False):
                response.streaming_content = _with_bom_async(response.streaming_content)
            else:
                response.streaming_content = _with_bom(response.streaming_content)
        elif not response.content.startswith(BOM):
            response.content = BOM + response.content
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


# Wagtail writes a datetime into a CSV as UTC with microseconds and into an XLSX as naive
# UTC: eight hours off in Beijing, and unreadable in Excel. Every export shows local time
# to the second, as the admin's own lists do.
def _local(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0, tzinfo=None)


def _csv_time(value: datetime.datetime) -> str:
    return _local(value).strftime("%Y-%m-%d %H:%M:%S")


# Wagtail's two workflow reports leave some columns to their field names (workflow,
# requested_by, finished_by), which are English.
WORKFLOW_HEADINGS = {
    "workflow": _("Workflow"),
    "requested_by": _("Requested by"),
    "task": _("Task"),
    "started_at": _("Started at"),
    "finished_at": _("Completed at"),
    "finished_by": _("Completed by"),
}


def localise_spreadsheet_exports():
    """Called once at start-up (cms.apps): local times and Chinese headings in every CSV
    and XLSX export, Wagtail's own reports included."""
    formats = SpreadsheetExportMixin
    formats.custom_value_preprocess = {
        **formats.custom_value_preprocess,
        datetime.datetime: {formats.FORMAT_CSV: _csv_time, formats.FORMAT_XLSX: _local},
    }
    for view in (WorkflowView, WorkflowTasksView):
        view.export_headings = {**WORKFLOW_HEADINGS, **view.export_headings}
