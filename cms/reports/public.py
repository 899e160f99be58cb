"""The published report's Word file for the public: the live version only, of a report
the public may see (as its page)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from cms.extend.word_templates import WordTemplateError
from cms.models import AnnualReportPage
from cms.reports import word


def word_file(request, report_id: int):
    report = AnnualReportPage.objects.live().public().filter(pk=report_id).first()
    if report is None:
        raise Http404
    try:
        data = word.word_file(report)
    except WordTemplateError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return word.response(data, report)
