"""The published reports' Word files for the public: the live version only, of a report
the public may see (as its page)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from cms.extend.word_templates import WordTemplateError
from cms.models import AnnualReportPage, WebsiteReportPage
from cms.reports import website_word, word


def _download(model, module, report_id: int) -> HttpResponse:
    report = model.objects.live().public().filter(pk=report_id).first()
    if report is None:
        raise Http404
    try:
        data = module.word_file(report)
    except WordTemplateError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return module.response(data, report)


def word_file(request, report_id: int) -> HttpResponse:
    """The disclosure report's Word file."""
    return _download(AnnualReportPage, word, report_id)


def website_word_file(request, report_id: int) -> HttpResponse:
    """The website report's Word file."""
    return _download(WebsiteReportPage, website_word, report_id)
