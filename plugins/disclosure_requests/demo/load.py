"""Loading the demo: the office's users, the requests replayed through the real handling
steps on their own days, the appeals, and where to see them (printed by load_demo)."""

from __future__ import annotations

import datetime
import hashlib
from contextlib import contextmanager
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from cms.plugin_api import (
    TRACKING_ALPHABET,
    Agency,
    Division,
    add_working_days,
    is_working_day,
    today,
)
from plugins.disclosure_requests import conf, roles, states
from plugins.disclosure_requests.demo.applicants import APPLICANTS
from plugins.disclosure_requests.demo.content import (
    AGENCY,
    APPEALS,
    DIVISION,
    DRAFTER,
    REQUESTS,
    TRACKED,
)
from plugins.disclosure_requests.models import Appeal, DisclosureRequest

PASSWORD = "demo-2026"  # the demo's password for every staff user (cms/demo/users.py)
OFFICE_GROUP, HEAD_GROUP = "政府信息公开办公室", "政府信息公开办公室负责人"
# (username, display name, group, permissions)
STAFF = [
    ("gkb", "公开办", OFFICE_GROUP, roles.OFFICE_PERMISSIONS),
    ("gkb_head", "公开办负责人", HEAD_GROUP, roles.HEAD_PERMISSIONS),
]
# Who takes each step; the office takes the others.
ACTORS = {"draft": "drafter", "extend": "head", "approve": "head", "supplied": "applicant"}


def tracking_code(key: str) -> str:
    """A fixed code per demo request (so a second load finds it), in the codes' alphabet."""
    digest = hashlib.sha256(f"disclosure-demo:{key}".encode()).digest()
    return "DEMXGK" + "".join(TRACKING_ALPHABET[b % len(TRACKING_ALPHABET)] for b in digest[:14])


@contextmanager
def clock(day: datetime.date):
    """Run the steps as on ``day`` at 10:00 Beijing time.

    Most steps of states.py take no date: they read today from the clock, as a live office
    acts on the day it acts. The demo replays a history of two years, so it sets the clock
    the steps read (deadlines, letter numbers per year and the audit log then come out as
    they would have on that day). Only the demo does this, in load_demo's one process."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def working_days_before(day: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day before ``day``."""
    while days > 0:
        day -= datetime.timedelta(days=1)
        days -= is_working_day(day)
    return day


def receipt_for_due(due: datetime.date) -> datetime.date:
    """The receipt day (a working day) whose reply deadline is the working day ``due``."""
    return working_days_before(due, conf.get("DISCLOSURE_REPLY_DAYS"))


def day_of(when, on: datetime.date) -> datetime.date:
    """A step's day: a date, working days before (negative) the day of loading, or the
    receipt day that makes the request overdue or due within the reminder window."""
    if isinstance(when, datetime.date):
        return when
    if when == "overdue":
        return receipt_for_due(working_days_before(on, 3))
    if when == "due-soon":
        return receipt_for_due(add_working_days(on, 2).date)
    return working_days_before(on, -when) if when < 0 else on


def _group(name: str, permissions: list[str]) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    found = [Permission.objects.get(codename="access_admin")]
    for permission in permissions:
        app_label, codename = permission.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    group.permissions.add(*found)
    return group


def create_staff() -> dict:
    """The office and its head (their password set only when created, as the core's demo
    users are); returns the users by role."""
    User = get_user_model()
    users = {}
    for username, name, group_name, permissions in STAFF:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(PASSWORD)
        user.first_name, user.email = name, f"{username}@example.invalid"
        user.save()
        user.groups.add(_group(group_name, permissions))
        users[username] = user
    return {"office": users["gkb"], "head": users["gkb_head"]}


def _create(spec, agency, office, on) -> DisclosureRequest:
    first = spec.steps[0][0] if spec.steps else 0
    if spec.submitted is not None:
        arrived = day_of(spec.submitted, on)
    else:
        arrived = day_of(first, on) - datetime.timedelta(days=1)
    return DisclosureRequest.objects.create(
        agency=agency,
        tracking_code=tracking_code(spec.key),
        information=spec.information,
        doc_number=spec.doc_number,
        purpose=spec.purpose,
        form=spec.form,
        way=spec.way,
        submitted_at=timezone.make_aware(datetime.datetime.combine(arrived, datetime.time(20, 30))),
        # Paper applications are recorded by the office; the others came through the form.
        recorded_by=office if spec.way in ("post", "pickup") else None,
        **APPLICANTS[spec.applicant],
    )


def _replay(spec, request, people, division, made, on) -> None:
    for when, action, arguments in spec.steps:
        arguments = dict(arguments)
        if action == "assign":
            arguments["division"] = division
        for name in ("earlier_request", "into"):
            if name in arguments:
                arguments[name] = made[arguments[name]]
        with clock(day_of(when, on)):
            request = getattr(states, action)(
                request, people[ACTORS.get(action, "office")], **arguments
            )


@transaction.atomic
def load_demo_requests() -> int:
    """Create the demo's staff and the requests that are missing; returns how many
    requests were made (none when the core's demo agency or drafter is not there)."""
    agency = Agency.objects.filter(name=AGENCY).first()
    division = Division.objects.filter(agency=agency, name=DIVISION).first()
    drafter = get_user_model().objects.filter(username=DRAFTER, divisions=division).first()
    if agency is None or division is None or drafter is None:
        return 0
    people = {**create_staff(), "drafter": drafter, "applicant": None}
    on = today()
    made, count = {}, 0
    for spec in REQUESTS:
        existing = DisclosureRequest.objects.filter(tracking_code=tracking_code(spec.key)).first()
        if existing is not None:
            made[spec.key] = existing
            continue
        request = _create(spec, agency, people["office"], on)
        _replay(spec, request, people, division, made, on)
        made[spec.key] = DisclosureRequest.objects.get(pk=request.pk)
        count += 1
    for key, kind, case_number, filed_on, result, decided_on in APPEALS:
        Appeal.objects.get_or_create(
            agency=agency,
            case_number=case_number,
            defaults={
                "request": made[key],
                "kind": kind,
                "filed_on": filed_on,
                "result": result,
                "decided_on": decided_on,
            },
        )
    return count


def walkthrough(base_url: str) -> list[str]:
    """Where to see the requests in the demo, printed by load_demo."""
    base = base_url.rstrip("/")
    tracked = next(spec for spec in REQUESTS if spec.key == TRACKED)
    phone = APPLICANTS[tracked.applicant]["phone"]
    return [
        "依申请公开：",
        f"  公众申请  {base}/disclosure-requests/   查询  {base}/disclosure-requests/track/"
        f"（演示查询码 {tracking_code(TRACKED)}，联系电话 {phone}）",
        f"  gkb（政府信息公开办公室，密码 {PASSWORD}）：管理后台 {base}/admin/ → 依申请公开，"
        "待确认 1 件，已逾期 1 件，3 个工作日内到期 1 件；确认收到、交办、审查答复、登记送达",
        f"  {DRAFTER}（{AGENCY}{DIVISION}）：起草交办给本处的答复",
        f"  gkb_head（政府信息公开办公室负责人，密码 {PASSWORD}）："
        "批准延期，审批答复（待审批 1 件）",
        "  统计：管理后台 → 报告 → 依申请公开统计（2025 年、2026 年；2025 年 12 月收到、"
        "2026 年 1 月办结的 1 件计入结转）",
    ]
