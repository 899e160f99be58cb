"""What a public page answers an address that is past its limit (the API's per-client
rate, a form's per-address limit): a 429 page, or the form again with the limit as its
error so that nothing typed is lost; either way ``Retry-After`` says when to come back.
"""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 60


def retry_later(response):
    """``response`` with ``Retry-After``: the limits count per minute."""
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def too_many(request):
    """The 429 page (请求过于频繁): for a request that sent nothing to keep."""
    return retry_later(TemplateResponse(request, "cms/too_many.html", status=429))


def limit_error(form) -> None:
    """The limit as ``form``'s error: render the form again with status 429 and pass the
    response to ``retry_later``; what was typed comes back, nothing is lost."""
    form.add_error(None, f"{_('Too many requests')}：{_('Please wait a minute and try again.')}")
