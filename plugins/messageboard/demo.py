"""Demo messages in every state, made through the real handling steps (and dated back
where a deadline must already be near or past)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.models.home import public_policies
from cms.workdays import add_working_days, today

from . import conf, faq, states
from .models import FaqEntry, Message, SensitiveWord

User = get_user_model()

# (code, policy index or None, category, subject, body, name, contact, what happens)
MESSAGES = [
    (
        "received",
        0,
        "consultation",
        "个体工商户是否需要填报本办法规定的报表？",
        "我是个体户，经营一家小超市，想了解是否在调查范围内。",
        "王女士",
        "13600001111",
    ),
    (
        "held",
        None,
        "opinion",
        "网站能否增加政策解读的视频？",
        "有的解读文字太长，希望多一些视频。另外听说有内幕消息，不知真假。",
        "刘先生",
        "liu@example.org",
    ),
    (
        "due_tomorrow",
        1,
        "consultation",
        "统计调查对象的权益有哪些？",
        "如果被要求提供与统计无关的资料，可以拒绝吗？",
        "赵先生",
        "13700002222",
    ),
    (
        "overdue",
        2,
        "suggestion",
        "建议延长年报报送期限",
        "年报集中在一季度，小企业人手不足，建议适当延长。",
        "孙女士",
        "13800003333",
    ),
    (
        "answered",
        0,
        "consultation",
        "新办法从什么时候开始执行？",
        "想确认施行日期，以便安排报送工作。",
        "周先生",
        "13900004444",
    ),
    (
        "published",
        0,
        "consultation",
        "报表报送方式有哪些？",
        "可以网上报送吗？还需要报送纸质报表吗？",
        "吴先生",
        "13500005555",
    ),
    (
        "published_rated",
        0,
        "consultation",
        "网上报送方式有哪些？",
        "请问网上报送需要哪些步骤？是否需要纸质报表？",
        "郑女士",
        "13400006666",
    ),
    (
        "published_unsatisfied",
        1,
        "opinion",
        "对权益保障办法的意见",
        "办法内容很好，但宣传不够，很多企业不知道。",
        "钱先生",
        "13300007777",
    ),
    (
        "published_similar",
        0,
        "consultation",
        "报送方式有哪些，能否网上报送？",
        "单位第一次报送，想知道可以网上报送吗，纸质报表还要吗？",
        "冯先生",
        "13200008888",
    ),
    (
        "rejected",
        None,
        "consultation",
        "请帮忙查询我家的房产信息",
        "想查一下我名下的房产登记情况。",
        "陈先生",
        "13100009999",
    ),
    (
        "spam",
        None,
        "opinion",
        "优惠代理记账，价格从优",
        "代理记账、工商注册，请联系我们。",
        "某公司",
        "ad@example.net",
    ),
    (
        "hidden",
        1,
        "opinion",
        "重复提交的意见",
        "宣传不够，很多企业不知道。",
        "钱先生",
        "13300007777",
    ),
]
REPLIES = {
    "answered": "本办法自印发之日起施行，具体请以文件正文为准。",
    "published": "可以通过统计联网直报平台网上报送，无需另报纸质报表。",
    "published_rated": "登录统计联网直报平台，按提示填写后提交即可，无需纸质报表。",
    "published_unsatisfied": "感谢您的意见，我们将加强宣传。",
    "published_similar": "可以网上报送，纸质报表不再需要。",
    "hidden": "感谢您的意见。",
}


def _code(key: str) -> str:
    return f"DEMO{key.upper().replace('_', '')[:16]:0<16}"


def _start_for(end: datetime.date, days: int) -> datetime.date:
    """The latest day from which ``days`` working days end on or before ``end``."""
    start = end
    while add_working_days(start, days).date > end:
        start -= datetime.timedelta(days=1)
    return start


def _backdate(message: Message, due: datetime.date) -> None:
    """As if accepted earlier: its reply deadline falls on ``due``."""
    start = _start_for(due, conf.get("MESSAGEBOARD_REPLY_DAYS"))
    Message.objects.filter(pk=message.pk).update(
        received_at=timezone.make_aware(datetime.datetime.combine(start, datetime.time(9))),
        accepted_on=start,
        clock_from=start,
        due_on=due,
    )


@transaction.atomic
def load_demo_messages() -> int:
    """Create the demo messages that are missing; returns how many were made."""
    policies = list(public_policies().select_related("division").order_by("pk")[:3])
    if len(policies) < 3:
        return 0
    moderator = User.objects.filter(groups__name="网站编辑").order_by("pk").first()
    head = User.objects.filter(groups__name="处室负责人").order_by("pk").first()
    SensitiveWord.objects.get_or_create(word="内幕", defaults={"note": "演示敏感词"})
    made = 0
    for key, index, category, subject, body, name, contact in MESSAGES:
        if Message.objects.filter(tracking_code=_code(key)).exists():
            continue
        policy = policies[index] if index is not None else None
        message = Message.objects.create(
            tracking_code=_code(key),
            policy=policy,
            category=category,
            subject=subject,
            body=body,
            name=name,
            contact=contact,
            sensitive_words=["内幕"] if "内幕" in body else [],
        )
        made += 1
        _handle(key, message, policy, moderator, head)
    return made


def _staff(message: Message):
    return message.division.members.order_by("pk").first()


def _handle(key, message, policy, moderator, head) -> None:
    if key in {"received", "held"}:
        return
    if key == "rejected":
        states.reject(message, moderator, "off_topic", "请向不动产登记部门咨询。")
        return
    if key == "spam":
        states.mark_spam(message, moderator)
        return
    message = states.accept(message, moderator)
    if key == "due_tomorrow":
        _backdate(message, add_working_days(today(), 1).date)
        return
    if key == "overdue":
        _backdate(message, _start_for(today(), 3))
        return
    staff = _staff(message)
    states.answer(message, staff, REPLIES[key])
    if key == "answered":
        return
    message = states.approve(Message.objects.get(pk=message.pk), head)
    if key == "published_rated":
        states.rate(message, Message.Rating.SATISFIED)
    elif key == "published_unsatisfied":
        states.rate(message, Message.Rating.UNSATISFIED)
    elif key == "hidden":
        states.hide(message, moderator, "与已公开留言重复")
    elif key == "published" and not FaqEntry.objects.filter(policy=policy).exists():
        faq.promote(Message.objects.get(pk=message.pk), moderator)


def walkthrough(base_url: str) -> list[str]:
    """Where to see the board in the demo, printed by load_demo."""
    base = base_url.rstrip("/")
    return [
        "政策留言板：",
        f"  公众留言与答复  {base}/messages/   凭查询码查询 {base}/messages/track/"
        f"（演示查询码 {_code('published_rated')}）",
        "  editor（网站编辑）：管理后台 → 政策留言，“待审核”中有 2 条（1 条含敏感词），"
        "“已逾期”1 条，仪表盘按处室统计",
        "  chuzhang（处室负责人）：“答复待审核”中有 1 条，审核后即公开",
        f"  drafter11（综合处）：办理中的留言在 {base}/admin/messages/ ，1 条明日到期",
    ]
