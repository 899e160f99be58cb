"""Applying and following an application through the API under /api/v1/ (mounted through
the ``api_routers`` hook). Nothing of any request is ever listed: the one read is the
applicant's own, by its tracking code and the contact given, and it holds no name,
identity number or contact."""

from __future__ import annotations

import datetime
import os
import secrets
from decimal import Decimal
from typing import Literal

from django.db.models import Max
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from ninja import Field, Router, Schema, Status

from cms.plugin_api import (
    MAX_ID,
    ErrorOut,
    add_captcha_route,
    captcha_passes,
    check_rate,
    error_response,
    on_throttled,
    register_choices,
    register_field_labels,
    today,
)
from plugins.disclosure_requests import conf, intake, limits, public
from plugins.disclosure_requests.forms import ApplicationForm, TrackForm
from plugins.disclosure_requests.models import DisclosureRequest, new_tracking_code

router = Router(tags=["依申请公开"])
R = DisclosureRequest

register_choices([*R.ApplicantType.choices, *R.IdType.choices, *R.Form.choices, *R.Way.choices])
# An error names a field as the HTML form does (申请人类型, 证件号码 …). The labels of the
# API are shared by name: the names another form of the site uses too (a message's name,
# contact, policy and CAPTCHA) keep its label there, and ours in this plugin's errors.
FIELD_LABELS = {
    **{n: f.label for n, f in ApplicationForm.base_fields.items() if f.label and n != "website"},
    **{n: f.label for n, f in TrackForm.base_fields.items()},
    "policy": pgettext_lazy("disclosure request", "Document"),
    "captcha_key": pgettext_lazy("disclosure request", "Verification code"),
    "captcha_value": pgettext_lazy("disclosure request", "Verification code"),
}
register_field_labels(FIELD_LABELS, path="disclosure-requests")
ERRORS = {400: ErrorOut, 404: ErrorOut, 413: ErrorOut, 429: ErrorOut}
L = intake.LIMITS

ApplicantType = Literal[tuple(R.ApplicantType.values)]
IdType = Literal[tuple(R.IdType.values)]
FormValue = Literal[tuple(R.Form.values)]
WayValue = Literal[tuple(R.Way.values)]


class DisclosureApplicationIn(Schema):
    agency: int | None = Field(
        None, ge=1, le=MAX_ID, description="受理机关 id；只有一个机关时可省略"
    )
    policy: int | None = Field(None, ge=1, le=MAX_ID, description="申请获取的文件 id（可选）")
    applicant_type: ApplicantType = Field(..., description="申请人类型：自然人或五类法人或其他组织")
    name: str = Field(..., max_length=L["name"], description="姓名或名称")
    contact_person: str = Field(
        "", max_length=L["contact_person"], description="法定代表人或联系人（法人或其他组织必填）"
    )
    id_type: IdType = Field(
        ..., description="证件类型；法人或其他组织为 credit_code（统一社会信用代码）"
    )
    id_number: str = Field(..., max_length=L["id_number"], description="证件号码或统一社会信用代码")
    phone: str = Field("", max_length=L["phone"], description="联系电话（与电子邮箱至少填一项）")
    email: str = Field("", max_length=L["email"], description="电子邮箱（以电子邮件获取时必填）")
    address: str = Field("", max_length=L["address"], description="通信地址（邮寄时必填）")
    postcode: str = Field("", max_length=L["postcode"], description="邮政编码")
    information: str = Field(
        ..., max_length=L["information"], description="所需信息的名称或内容描述"
    )
    doc_number: str = Field("", max_length=L["doc_number"], description="所需信息的文号")
    purpose: str = Field("", max_length=L["purpose"], description="其他特征描述或用途")
    form: FormValue = Field(..., description="信息的提供形式")
    way: WayValue = Field(..., description="获取信息的方式")
    website: str = Field("", max_length=200, description="留空（防机器人）")
    captcha_key: str = Field("", max_length=64, description="验证码标识（开启验证码时必填）")
    captcha_value: str = Field("", max_length=20, description="验证码")


class DisclosureReceived(Schema):
    tracking_code: str = Field(..., description="查询码：凭它和所留联系方式查询办理情况")
    reference: str = Field(..., description="申请编号")
    state: str


class DisclosureTrackIn(Schema):
    code: str = Field(..., max_length=40, description="查询码")
    contact: str = Field(..., max_length=254, description="申请时所留的联系电话或电子邮箱")


class DisclosureExtensionOut(Schema):
    days: int
    reason: str


class DisclosureSupplementOut(Schema):
    asked_on: datetime.date
    text: str
    due_on: datetime.date
    answered_on: datetime.date | None
    can_answer: bool


class DisclosureFeeOut(Schema):
    amount: Decimal
    basis_label: str
    units: int
    notified_on: datetime.date
    pay_by: datetime.date
    paid_on: datetime.date | None


class DisclosureLetterOut(Schema):
    number: str
    sent_on: datetime.date | None
    download: bool = Field(
        ...,
        description="可下载答复告知书：以同一查询码和联系方式 POST /api/v1/disclosure-requests/"
        "track/letter 获取 Word 文件（或在网站查询页面下载）",
    )


class DisclosureTracked(Schema):
    reference: str
    state: str = Field(
        ...,
        description="submitted 待确认, handling 办理中, supplement 待补正, "
        "third_party 征求第三方意见, fee 待缴费, closed 已答复, withdrawn 已撤回, "
        "merged 已合并, discarded 不作为申请处理",
    )
    state_label: str
    agency: str
    information: str
    doc_number: str
    form_label: str
    way_label: str
    submitted_on: datetime.date
    received_on: datetime.date | None
    due_on: datetime.date | None
    due_provisional: bool
    clock_paused: bool
    extension: DisclosureExtensionOut | None
    supplement: DisclosureSupplementOut | None
    fee: DisclosureFeeOut | None
    outcome_label: str
    closed_on: datetime.date | None
    letter: DisclosureLetterOut | None
    merged_into: str | None
    can_withdraw: bool


def _plausible_reference() -> str:
    """A reference as the next application would get: the decoy answering a robot must
    not differ from a real answer (a robot that sees "—" learns to leave the field empty)."""
    last = DisclosureRequest.objects.aggregate(last=Max("pk"))["last"] or 0
    return f"{today().year}-{last + 1 + secrets.randbelow(3):05d}"


def _rate_limited(request):
    throttled = check_rate(request)
    return on_throttled(request, throttled) if throttled is not None else None


@router.post(
    "/disclosure-requests",
    response={202: DisclosureReceived, **ERRORS},
    url_name="disclosure_request_create",
    summary="提交政府信息公开申请",
    description="申请获取政府信息（依申请公开）。政府信息公开工作机构确认收到申请后，自收到之日起"
    " 20 个工作日内答复。请保存返回的 `tracking_code`（查询码）：凭查询码和申请时所留的联系电话或"
    "电子邮箱，可通过 `POST /disclosure-requests/track` 或网站查询办理情况。",
)
def create_request(request, data: DisclosureApplicationIn):
    """Apply for government information (依申请公开). The application arrives; the
    disclosure office confirms its receipt, and the reply is due within 20 working days
    of that day.

    Keep the `tracking_code`: with it and the phone or e-mail address given, the applicant
    follows the application (`POST /disclosure-requests/track`, or the website).
    """
    refused = _rate_limited(request)
    if refused is not None:
        return refused
    if data.website:  # the honeypot: a robot filled the field people never see
        decoy = {
            "tracking_code": new_tracking_code(),
            "reference": _plausible_reference(),
            "state": "submitted",
        }
        return Status(202, decoy)
    if conf.get("DISCLOSURE_CAPTCHA") and not captcha_passes(data.captcha_key, data.captcha_value):
        return error_response(400, "captcha", _("The verification code is wrong or expired."))
    try:
        fields = intake.clean(data.dict())
    except intake.IntakeError as error:
        details = intake.sentences(
            f"“{FIELD_LABELS.get(field, field)}”：{text}" for field, text in error.errors.items()
        )
        return error_response(400, "invalid_request", _("Invalid application: %s") % details)
    throttled = limits.intake(request)  # counts the applications stored only
    if throttled is not None:
        return on_throttled(request, throttled)
    made = intake.store(fields)
    return Status(
        202, {"tracking_code": made.tracking_code, "reference": made.reference, "state": made.state}
    )


# The core's challenge (GET /api/v1/captcha) at the path clients of this API already use;
# 404 while the form asks for none.
add_captcha_route(
    router,
    "/disclosure-requests/captcha",
    url_name="disclosure_request_captcha",
    needed=lambda: conf.get("DISCLOSURE_CAPTCHA"),
)


@router.post(
    "/disclosure-requests/track",
    response={200: DisclosureTracked, **ERRORS},
    url_name="disclosure_request_track",
    summary="凭查询码和联系方式查询办理情况",
    description="申请的办理情况：状态、各日期、补正告知、收费通知、延期和答复告知书。查询码或联系"
    "方式不符时返回 404，与查询码不存在相同。不含任何姓名、证件号码或联系方式。",
)
def track_request(request, data: DisclosureTrackIn, response: HttpResponse):
    """Where the application stands: its state, the dates, a supplement asked for, a fee
    notice, an extension, the reply letter. A wrong code or contact is a 404, the same
    as an unknown code. Never any name, identity number or contact."""
    refused = _rate_limited(request)
    if refused is not None:
        return refused
    throttled = limits.tracking(request)
    if throttled is not None:
        return on_throttled(request, throttled)
    response["Cache-Control"] = "private, no-store"  # the applicant's own
    found = public.find(data.code, data.contact)
    if found is None:
        return error_response(
            404,
            "not_found",
            _("No application matches this tracking code and contact."),
            Cache_Control="private, no-store",
        )
    return public.track_item(found)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.post(
    "/disclosure-requests/track/letter",
    response=ERRORS,
    url_name="disclosure_request_letter",
    summary="凭查询码和联系方式下载答复告知书",
    description="已送达申请的答复告知书（Word 文件），只凭查询码和申请时所留的联系方式"
    "以 POST 获取，不提供可猜测或保存的链接，不被缓存。"
    "查询码或联系方式不符、尚无答复告知书时返回 404。",
    openapi_extra={
        "responses": {
            "200": {
                "description": "答复告知书",
                "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def track_letter(request, data: DisclosureTrackIn):
    """The reply letter as served, with the same checks as the tracking page's download:
    the per-address limits, code and contact, a letter served; private and no-store."""
    refused = _rate_limited(request)
    if refused is not None:
        return refused
    throttled = limits.tracking(request)
    if throttled is not None:
        return on_throttled(request, throttled)
    found = public.find(data.code, data.contact)
    item = public.track_item(found) if found is not None else None
    if item is None or not (item["letter"] and item["letter"]["download"]):
        return error_response(
            404,
            "not_found",
            _("No reply letter matches this tracking code and contact."),
            Cache_Control="private, no-store",
        )
    stored = found.letter.file
    extension = os.path.splitext(stored.name)[1] or ".docx"
    name = _("Reply letter %(reference)s") % {"reference": found.reference} + extension
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"  # the applicant's own
    return response
