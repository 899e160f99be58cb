"""The CAPTCHA's URLs, the core's for every plugin with a public form: the package's image
(``captcha/``), its refresh (``captcha/refresh/``, which the lazy widget asks when a reader
starts on a form) and ``GET /api/v1/captcha`` for API clients. Each challenge writes a row,
so the refresh and the API count together against PUBLIC_CAPTCHA_RATE_LIMIT per address.

Served while django-simple-captcha is installed, that is while an enabled plugin lists
``captcha`` in its REQUIRED_APPS (policy_cms/urls.py, policy_cms/api.py); the package is
imported only when a challenge is asked for.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import include, path
from django.utils.translation import gettext as _
from ninja import Router, Schema

from cms.access.public_forms import captcha_image_url, limited, new_captcha_key
from cms.api.conditional import check_rate
from cms.api.errors import ErrorOut, error_response, on_throttled

router = Router(tags=["验证码"])

SUMMARY = "获取验证码"
DESCRIPTION = (
    "新的验证码：显示 `image_url` 的图片，提交表单时一并发送 `key` 和读者输入的字符"
    "（留言、政府信息公开申请等开启验证码的接口）。每个地址获取验证码的次数有限，超限返回 429。"
)


class CaptchaOut(Schema):
    key: str
    image_url: str


def _challenges(request):
    # One scope for the refresh and the API: both write a row per challenge.
    return limited(request, scope="captcha", rate=settings.PUBLIC_CAPTCHA_RATE_LIMIT)


def challenge(request, *, needed: bool = True):
    """A new challenge for an API client as ``{"key", "image_url"}``, or the error to answer
    with: 404 when the form it is for asks for none (``needed`` false), 429 past the API's
    or the challenges' limit."""
    if not needed:
        return error_response(404, "not_found", _("No verification code is needed."))
    throttled = check_rate(request) or _challenges(request)
    if throttled is not None:
        return on_throttled(request, throttled)
    key = new_captcha_key()
    return {"key": key, "image_url": request.build_absolute_uri(captcha_image_url(key))}


@router.get(
    "/captcha",
    response={200: CaptchaOut, 429: ErrorOut},
    url_name="captcha",
    summary=SUMMARY,
    description=DESCRIPTION,
)
def new_captcha(request):
    """A new verification code: show `image_url`, send `key` and what the reader typed."""
    return challenge(request)


def add_captcha_route(router: Router, route: str, *, url_name: str, needed=None) -> None:
    """Serve the core's challenge at a path of a plugin's own API as well (one its clients
    already use; marked deprecated in the schema, for ``/api/v1/captcha``). ``needed``: a
    function saying whether the plugin's CAPTCHA is on (404 while it is off)."""

    def view(request):
        return challenge(request, needed=needed() if needed else True)

    router.add_api_operation(
        route,
        ["GET"],
        view,
        response={200: CaptchaOut, 404: ErrorOut, 429: ErrorOut},
        url_name=url_name,
        operation_id=url_name,
        summary=SUMMARY,
        description=DESCRIPTION + "与 `GET /captcha` 相同（旧路径，保留供已有客户端使用）。",
        deprecated=True,
    )


def refresh(request):
    """django-simple-captcha's refresh (a new challenge, a new row), limited per address."""
    # Imported here: the package is installed only while a plugin lists it.
    from captcha.views import captcha_refresh

    throttled = _challenges(request)
    if throttled is not None:
        return on_throttled(request, throttled)
    return captcha_refresh(request)


def urls() -> list:
    """The CAPTCHA's public URLs: the refresh first (the package's own writes a row
    unlimited), then the package's image and audio."""
    return [
        path("captcha/refresh/", refresh, name="captcha-refresh"),
        path("captcha/", include("captcha.urls")),
    ]
