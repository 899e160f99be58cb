"""The board's public API under /api/v1/ (mounted through the ``api_routers`` hook)."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Literal

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from cms.plugin_api import (
    CONTACT_PATTERN,
    TEXT_PATTERN,
    ErrorOut,
    add_captcha_route,
    cached_for_stamp,
    captcha_passes,
    check_rate,
    error_response,
    on_throttled,
    public_get,
    register_choices,
    register_field_labels,
)
from plugins.messageboard import conf, intake, limits, public, states
from plugins.messageboard.forms import MessageForm
from plugins.messageboard.models import Message

router = Router(tags=["政策留言"])

CategoryValue = Literal[tuple(Message.Category.values)]
RatingValue = Literal[tuple(Message.Rating.values)]
register_choices([*Message.Category.choices, *Message.Rating.choices])
# An error names a field as the HTML form does (标题, 留言内容, 手机、电话或电子邮箱 …).
FIELD_LABELS = {  # the honeypot (website) keeps its name: people never see it
    **{n: f.label for n, f in MessageForm.base_fields.items() if f.label and n != "website"},
    "policy": Message._meta.get_field("policy").verbose_name,
    "captcha_key": gettext_lazy("Verification code"),
    "captcha_value": gettext_lazy("Verification code"),
    "rating": Message._meta.get_field("rating").verbose_name,
}
register_field_labels(FIELD_LABELS, path="messages")
ERRORS = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}
TEXT = TEXT_PATTERN
MAX_ID = 2**63 - 1


class MessageIn(Schema):
    policy: int | None = Field(None, ge=1, le=MAX_ID, description="政策文件 id；一般性留言留空")
    category: CategoryValue = Field("consultation", description="咨询、建议或评价")
    # min_length before the pattern: an empty field is said to be missing (为必填项).
    subject: str = Field(
        ..., min_length=1, max_length=intake.LIMITS["subject"], pattern=TEXT, description="标题"
    )
    body: str = Field(..., min_length=1, max_length=intake.LIMITS["body"], pattern=TEXT,
                      description="留言内容（纯文本）")  # fmt: skip
    name: str = Field(
        ...,
        min_length=1,
        max_length=intake.LIMITS["name"],
        pattern=TEXT,
        description="姓名（不公开）",
    )
    contact: str = Field(
        ...,
        max_length=intake.LIMITS["contact"],
        pattern=CONTACT_PATTERN,
        description="手机、电话或电子邮箱（不公开）",
    )
    website: str = Field("", max_length=200, description="留空（防机器人）")
    captcha_key: str = Field("", max_length=64, description="验证码标识（开启验证码时必填）")
    captcha_value: str = Field("", max_length=20, description="验证码")


class Received(Schema):
    tracking_code: str
    state: str


class MessagePolicyRef(Schema):
    id: int
    title: str
    url: str | None


class ReplyOut(Schema):
    text: str
    division: str
    published_at: datetime | None


class MessageOut(Schema):
    id: int
    category: str
    category_label: str
    subject: str
    body: str
    asker: str
    received_at: datetime
    published_at: datetime | None
    policy: MessagePolicyRef | None
    replies: list[ReplyOut]


class MessageList(Schema):
    total: int
    page: int
    page_size: int
    num_pages: int
    items: list[MessageOut]


class MessageFilters(Schema):
    policy: int | None = Field(None, ge=1, le=MAX_ID, description="政策文件 id")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=100)


class Tracked(Schema):
    tracking_code: str
    subject: str
    body: str
    state: str
    state_label: str
    public: bool = Field(
        ...,
        description="留言及答复是否在网站公开：所涉政策撤回或不再主动公开时为 false"
        "（state 仍为 published，state_label 说明其已不在网站公开）",
    )
    received_at: datetime
    due_on: date | None
    reject_reason: str
    reject_note: str
    replies: list[ReplyOut]
    rating: str
    can_rate: bool


class RatingIn(Schema):
    rating: RatingValue


TrackingCode = Path[str]


def _rate_limited(request):
    throttled = check_rate(request)
    return on_throttled(request, throttled) if throttled is not None else None


def _tracked_or_404(code: str) -> Message:
    # One answer for every code that finds nothing, malformed or unknown alike.
    message = public.tracked_message(code)
    if message is None:
        raise Http404(_("No message matches this tracking code."))
    return message


@router.post(
    "/messages",
    response={202: Received, 413: ErrorOut, **ERRORS},
    url_name="message_create",
    summary="提交留言",
)
def create_message(request, data: MessageIn):
    """Send a question, suggestion or opinion; it is shown only after review (先审后发).

    Keep the `tracking_code`: it is the only way to follow the message and read the
    reply, without an account.
    """
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    if data.website:  # the honeypot: a robot filled the field people never see
        return Status(202, {"tracking_code": intake.decoy_code(), "state": "received"})
    if conf.get("MESSAGEBOARD_CAPTCHA") and not captcha_passes(
        data.captcha_key, data.captcha_value
    ):
        return error_response(400, "captcha", _("The verification code is wrong or expired."))
    try:
        fields = intake.clean(data.dict())
    except intake.IntakeError as error:
        details = "；".join(
            f"{FIELD_LABELS.get(field, field)}：{text}" for field, text in error.errors.items()
        )
        return error_response(400, "invalid_message", _("Invalid message: %s") % details)
    except intake.UnknownPolicy as error:
        raise Http404(str(error)) from error
    throttled = limits.intake(request)  # counts the messages stored only
    if throttled is not None:
        return on_throttled(request, throttled)
    message = intake.store(fields)
    return Status(202, {"tracking_code": message.tracking_code, "state": message.state})


@router.get(
    "/messages",
    response={200: MessageList, 304: None, **ERRORS},
    url_name="message_list",
    summary="已公开的留言及答复",
)
@decorate_view(public_get)
def list_messages(request, filters: Query[MessageFilters]):
    """Published messages with their replies, newest first; `policy` narrows to one.

    Like every public list, answered with `ETag`/`Last-Modified` and kept by ETag: a
    message published or hidden moves the publication stamp.
    """
    messages = public.published_messages(filters.policy)
    # One list has one total on every page until something is published: count it once.
    total = cached_for_stamp(request, ("messages", filters.policy), messages.count)
    offset = (filters.page - 1) * filters.page_size
    page = public.page_items(messages, offset, offset + filters.page_size)
    return {
        "total": total,
        "page": filters.page,
        "page_size": filters.page_size,
        "num_pages": math.ceil(total / filters.page_size),
        "items": [_absolute(request, item) for item in page],
    }


def _absolute(request, item: dict) -> dict:
    if item["policy"] and item["policy"]["url"]:
        item["policy"]["url"] = request.build_absolute_uri(item["policy"]["url"])
    return item


# The core's challenge (GET /api/v1/captcha) at the path clients of this API already use.
add_captcha_route(router, "/messages/captcha", url_name="message_captcha")


@router.get(
    "/messages/track/{code}",
    response={200: Tracked, **ERRORS},
    url_name="message_track",
    summary="凭查询码查看办理情况",
)
def track_message(request, code: TrackingCode, response: HttpResponse):
    """The message's state, why it was rejected, or the reply, by its tracking code."""
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    response["Cache-Control"] = "no-store"  # the asker's own; never kept by a proxy
    return public.track_item(_tracked_or_404(code))


@router.post(
    "/messages/track/{code}/rating",
    response={200: Tracked, **ERRORS},
    url_name="message_rate",
    summary="评价答复",
)
def rate_message(request, code: TrackingCode, data: RatingIn):
    """Rate the published reply once: satisfied, fairly satisfied or unsatisfied."""
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    message = _tracked_or_404(code)
    try:
        message = states.rate(message, data.rating)
    except states.TransitionError as error:
        raise HttpError(400, str(error)) from error
    return public.track_item(message)
