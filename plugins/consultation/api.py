"""The consultations' public API under /api/v1/ (mounted through the ``api_routers`` hook):
the lists, a consultation with its clauses and feedback, sending a comment, and following
it by its tracking code."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from cms.plugin_api import (
    MAX_ID,
    TEXT_PATTERN,
    ErrorOut,
    captcha_passes,
    check_rate,
    error_response,
    on_throttled,
    page_of,
    public_get,
    register_field_labels,
)
from plugins.consultation import conf, intake, limits, public
from plugins.consultation.models import Phase, new_tracking_code

router = Router(tags=["意见征集"])

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PhaseValue = Literal[tuple(Phase.values)]
FIELD_LABELS = {
    "body": gettext_lazy("Your comment"),
    "name": gettext_lazy("Your name"),
    "contact": gettext_lazy("Phone or e-mail"),
    "clause": gettext_lazy("Clause"),
    "captcha_key": gettext_lazy("Verification code"),
    "captcha_value": gettext_lazy("Verification code"),
}
register_field_labels(FIELD_LABELS, path="consultations")
ERRORS = {400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


class ConsultationCommentIn(Schema):
    clause: str = Field(
        "", max_length=60, description="条款锚点（clauses[].anchor）；对全文的意见留空"
    )
    # The lengths are documented (maxLength) and checked by intake.clean, as for the form:
    # after the tags are stripped, with the message naming the limit and the length sent.
    body: str = Field(
        ...,
        min_length=1,
        pattern=TEXT_PATTERN,
        description="意见（纯文本）",
        json_schema_extra={"maxLength": intake.LIMITS["body"]},
    )
    name: str = Field(
        "", description="姓名（不公开）", json_schema_extra={"maxLength": intake.LIMITS["name"]}
    )
    contact: str = Field(
        "",
        description="手机、电话或电子邮箱（不公开）",
        json_schema_extra={"maxLength": intake.LIMITS["contact"]},
    )
    website: str = Field("", max_length=200, description="留空（防机器人）")
    captcha_key: str = Field("", max_length=64, description="验证码标识（开启验证码时必填）")
    captcha_value: str = Field("", max_length=20, description="验证码")

    @field_validator("body", mode="before")
    @classmethod
    def _blank_is_missing(cls, value):
        # An empty or blank comment is one not given ("为必填项"), as when body is left out.
        if isinstance(value, str) and not value.strip():
            raise PydanticCustomError("missing", "Field required")
        return value


class ConsultationCommentReceived(Schema):
    tracking_code: str
    state: str
    track_url: str = Field(
        description="凭查询码查看处理情况的网页；"
        "接口为 GET /api/v1/consultations/track/{tracking_code}"
    )


class ConsultationTrackedRef(Schema):
    id: int
    title: str
    url: str | None
    phase: str
    phase_label: str


class ConsultationTrackedAnswer(Schema):
    kind: str
    kind_label: str
    reason: str
    summary: str
    where_label: str = Field(description="已有规定/已体现时为规定所在条款")


class ConsultationTrackedOut(Schema):
    tracking_code: str
    consultation: ConsultationTrackedRef | None = Field(
        description="所属意见征集；不再公开时为 null"
    )
    clause_label: str = Field(description="意见针对的条款；对草案的总体意见为空")
    body: str = Field(description="意见内容（已遮盖个人信息）")
    received_at: datetime
    state: Literal["held", "received", "answered", "rejected"] = Field(
        description="held 审核中、received 已收到待反馈、answered 已在反馈中答复、rejected 未予受理"
    )
    state_label: str
    number: int | None = Field(description="在意见采纳情况反馈中的序号（反馈发布后）")
    answer: ConsultationTrackedAnswer | None = Field(description="反馈发布后的处理情况")


class ConsultationSummaryOut(Schema):
    id: int
    title: str
    url: str | None
    agency: str
    division: str
    kind: str
    kind_label: str
    phase: str
    phase_label: str
    opens_at: datetime
    closes_at: datetime
    comment_count: int


class ConsultationList(Schema):
    total: int
    page: int
    page_size: int
    num_pages: int
    items: list[ConsultationSummaryOut]


class ConsultationFilters(Schema):
    phase: PhaseValue | None = Field(
        None, description="open 正在征集、closed 待反馈、concluded 已反馈、upcoming 尚未开始"
    )
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=100)


class ConsultationClauseOut(Schema):
    anchor: str
    label: str
    text: str
    comment_count: int


class ConsultationChannelsOut(Schema):
    email: str
    post: str
    phone: str


class ConsultationFeedbackItemOut(Schema):
    clause_anchor: str = Field(description="意见所针对条款的锚点；对草案的总体意见为空")
    clause_label: str
    where_anchor: str = Field("", description="答复所指条款（已有规定/已体现时为规定所在条款）")
    where_label: str = ""
    numbers: list[int] = Field(
        [], description="意见序号：受理的意见按收到顺序连续编号，不含提出人信息"
    )
    kind: str
    kind_label: str
    summary: str
    reason: str
    comments: list[str]


class ConsultationFeedbackOut(Schema):
    published_at: datetime
    summary: str
    comment_count: int
    totals: dict[str, int]
    items: list[ConsultationFeedbackItemOut]


class ConsultationPolicyRef(Schema):
    id: int
    title: str
    url: str | None


class ConsultationOut(ConsultationSummaryOut):
    background: str
    basis: str
    main_content: str
    clauses: list[ConsultationClauseOut]
    channels: ConsultationChannelsOut
    feedback: ConsultationFeedbackOut | None
    final_policy: ConsultationPolicyRef | None


def _rate_limited(request):
    throttled = check_rate(request)
    return on_throttled(request, throttled) if throttled is not None else None


def _absolute(request, item: dict) -> dict:
    for holder in (item, item.get("final_policy") or {}):
        if holder.get("url"):
            holder["url"] = request.build_absolute_uri(holder["url"])
    return item


def _public_or_404(consultation_id: int):
    consultation = intake.public_consultation(consultation_id)
    if consultation is None:
        raise Http404(_("No public consultation has this id."))
    return consultation


@router.get(
    "/consultations",
    response={200: ConsultationList, 304: None, **ERRORS},
    url_name="consultation_list",
    summary="意见征集列表",
)
@decorate_view(public_get)
def list_consultations(request, filters: Query[ConsultationFilters]):
    """Public consultations: open ones first (closing soonest first), then those awaiting
    their feedback, then concluded ones; `phase` narrows to one."""
    phases = (
        [filters.phase]
        if filters.phase
        else [Phase.OPEN, Phase.CLOSED, Phase.CONCLUDED, Phase.UPCOMING]
    )
    rows = [c for phase in phases for c in public.with_counts(public.in_phase(phase))]
    total = len(rows)
    result = page_of(rows, total, filters.page, filters.page_size)
    result["items"] = [_absolute(request, public.summary(c)) for c in result["items"]]
    return result


@router.get(
    "/consultations/{consultation_id}",
    response={200: ConsultationOut, 304: None, **ERRORS},
    url_name="consultation_detail",
    summary="意见征集详情",
)
@decorate_view(public_get)
def consultation_detail(request, consultation_id: Path[Id]):
    """A consultation with its 起草说明, its clauses (comments cite their `anchor`), how
    many comments it received, and its feedback once published."""
    return _absolute(request, public.detail(_public_or_404(consultation_id)))


@router.post(
    "/consultations/{consultation_id}/comments",
    response={202: ConsultationCommentReceived, **ERRORS},
    url_name="consultation_comment",
    summary="提交意见",
)
def create_comment(request, consultation_id: Path[Id], data: ConsultationCommentIn):
    """Send a comment on the whole draft or, with `clause`, on one clause, while the
    consultation is open. Keep the `tracking_code`. Name and contact are never public."""
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    consultation = _public_or_404(consultation_id)
    if data.website:  # the honeypot: a robot filled the field people never see
        return Status(202, _received(request, new_tracking_code(), "accepted"))
    try:
        intake.check_open(consultation)
    except intake.NotOpen as error:
        return error_response(400, "not_open", str(error))
    if conf.get("CONSULTATION_CAPTCHA") and not captcha_passes(
        data.captcha_key, data.captcha_value
    ):
        return error_response(400, "captcha", _("The verification code is wrong or expired."))
    try:
        fields = intake.clean(consultation, data.dict())
    except intake.IntakeError as error:
        details = "；".join(
            f"{FIELD_LABELS.get(field, field)}：{text}" for field, text in error.errors.items()
        )
        return error_response(400, "invalid_comment", _("Invalid comment: %s") % details)
    throttled = limits.intake(request)  # counts the comments stored only
    if throttled is not None:
        return on_throttled(request, throttled)
    comment = intake.store(fields)
    return Status(202, _received(request, comment.tracking_code, comment.state))


def _received(request, code: str, state: str) -> dict:
    page = f"{reverse('consultation:track')}?{urlencode({'code': code})}"
    return {"tracking_code": code, "state": state, "track_url": request.build_absolute_uri(page)}


@router.get(
    "/consultations/track/{code}",
    response={200: ConsultationTrackedOut, **ERRORS},
    url_name="consultation_track",
    summary="凭查询码查看意见处理情况",
)
def track_comment(request, code: Path[str], response: HttpResponse):
    """Where a comment stands, by its tracking code: `held` (under moderation), `received`
    (the feedback is not yet published), `answered` (with its number and answer as the
    published feedback shows them) or `rejected`. Never the name or contact."""
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    comment = public.tracked_comment(code)
    if comment is None:
        raise Http404(_("No comment matches this tracking code."))
    response["Cache-Control"] = "no-store"  # the commenter's own; never kept by a proxy
    item = public.track_item(comment)
    if item["consultation"] and item["consultation"]["url"]:
        item["consultation"]["url"] = request.build_absolute_uri(item["consultation"]["url"])
    return item
