"""Every CSV the site sends opens in Excel as UTF-8 (issue 24.17).

Excel reads a CSV without a byte order mark in the system's code page (GBK on a Chinese
Windows), so the reports' Chinese headings and titles came out as mojibake. The reports
export through Wagtail's SpreadsheetExportMixin, as do Wagtail's own (site history,
locked pages, page listings …); rather than patch each, this middleware gives every
`text/csv` response the UTF-8 charset and a BOM, once.
"""

from collections.abc import AsyncIterator, Iterable, Iterator

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


def is_csv(response) -> bool:
    content_type = response.get("Content-Type", "")
    return content_type.split(";", 1)[0].strip().lower() == "text/csv"


class ExcelCsvMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_csv(response):
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
