"""Demo messages in every state, made through the real handling steps (and dated back
where a deadline must already be near or past)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.plugin_api import Role, add_working_days, public_policies, today
from plugins.messageboard import conf, faq, states
from plugins.messageboard.models import FaqEntry, Message, SensitiveWord

User = get_user_model()

# The demo policies the messages are about, by title (cms/demo/content.py).
DIRECT_REPORTING = "關於做好規模以上工業企業統計聯網直報工作的通知"
OPEN_GOVERNMENT_PLAN = "江岭市统计局2024年政务公开工作实施方案"
STATISTICAL_FRAUD = "关于防范和惩治统计造假弄虚作假的实施意见"
BUSINESS_LOANS = "江嶺市創業擔保貸款實施辦法"

# (code, policy title or None, category, subject, body, name, contact)
MESSAGES = [
    (
        "received",
        DIRECT_REPORTING,
        "consultation",
        "个体工商户是否需要联网直报？",
        "我是个体户，经营一家小超市，想了解是否属于联网直报的范围。",
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
        OPEN_GOVERNMENT_PLAN,
        "consultation",
        "方案提到的统计数据公开专栏在哪里查看？",
        "实施方案提出完善统计数据公开专栏，请问在网站哪个栏目，能否按年份查询？",
        "赵先生",
        "13700002222",
    ),
    (
        "overdue",
        DIRECT_REPORTING,
        "suggestion",
        "建议延长年报联网直报期限",
        "年报集中在一季度报送，小企业人手不足，建议适当延长联网直报的截止时间。",
        "孙女士",
        "13800003333",
    ),
    (
        "answered",
        BUSINESS_LOANS,
        "consultation",
        "高校毕业生能否申请创业担保贷款？",
        "我今年大学毕业，准备开一家网店，想了解能否申请创业担保贷款，需要哪些材料。",
        "周先生",
        "13900004444",
    ),
    (
        "published",
        DIRECT_REPORTING,
        "consultation",
        "报表报送方式有哪些？",
        "可以通过联网直报平台网上报送吗？还需要报送纸质报表吗？",
        "吴先生",
        "13500005555",
    ),
    (
        "published_rated",
        DIRECT_REPORTING,
        "consultation",
        "网上报送方式有哪些？",
        "请问联网直报平台网上报送需要哪些步骤？是否需要纸质报表？",
        "郑女士",
        "13400006666",
    ),
    (
        "published_unsatisfied",
        STATISTICAL_FRAUD,
        "opinion",
        "对防范统计造假实施意见的意见",
        "实施意见内容很好，但宣传不够，很多企业不知道。",
        "钱先生",
        "13300007777",
    ),
    (
        "published_similar",
        DIRECT_REPORTING,
        "consultation",
        "报送方式有哪些，能否网上报送？",
        "单位第一次报送，想知道可以联网直报吗，纸质报表还要吗？",
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
        STATISTICAL_FRAUD,
        "opinion",
        "统计造假实施意见宣传不够（重复提交）",
        "宣传不够，很多企业不知道统计造假的后果。",
        "钱先生",
        "13300007777",
    ),
]
REPLIES = {
    "answered": "在本市创业的高校毕业生可以申请，需提供身份证明、营业执照和创业项目说明，"
    "具体条件见办法第六条。",
    "published": "可以通过统计联网直报平台网上报送，无需另报纸质报表。",
    "published_rated": "登录统计联网直报平台，按提示填写后提交即可，无需纸质报表。",
    "published_unsatisfied": "感谢您的意见，我们将加强宣传。",
    "published_similar": "可以网上报送，纸质报表不再需要。",
    "hidden": "感谢您的意见。",
}


# Last year's messages, answered and published then (the website annual report of 2025
# counts them): (code, policy title, category, subject, body, name, contact, received, the
# working days to the answer, reply). The last came in December and was answered in January.
LAST_YEAR = [
    ("y2025_a", DIRECT_REPORTING, "consultation", "新开业企业何时纳入联网直报？",
     "我公司今年新开业，主营业务收入已超过两千万元，请问何时纳入联网直报范围？", "黄先生",
     "13600012001", "2025-03-10", 6,
     "达到规模以上标准的企业，次年年初经审核纳入联网直报名录，届时会通知贵公司。"),
    ("y2025_b", OPEN_GOVERNMENT_PLAN, "consultation", "统计数据公开专栏多久更新一次？",
     "想了解统计数据公开专栏的更新频率，月度数据一般在什么时候发布？", "林女士",
     "13600012002", "2025-05-19", 4, "月度数据一般在次月15日前发布，专栏同步更新。"),
    ("y2025_c", STATISTICAL_FRAUD, "suggestion", "建议公开统计造假典型案例",
     "建议定期公开查处的统计造假典型案例，起到警示作用。", "何先生", "13600012003",
     "2025-07-02", 9, "感谢建议，我局将按季度公开统计违法典型案例。"),
    ("y2025_d", DIRECT_REPORTING, "consultation", "联网直报平台密码遗忘怎么办？",
     "单位统计人员变动，联网直报平台的密码找不到了，如何重置？", "高女士",
     "13600012004", "2025-09-15", 3, "可在平台登录页点击“忘记密码”，或携单位证明到综合处办理。"),
    ("y2025_e", STATISTICAL_FRAUD, "opinion", "统计执法检查结果在哪里查询？",
     "实施意见提到的执法检查结果是否公开，在哪里可以查到？", "罗先生", "13600012005",
     "2025-12-22", 8, "执法检查结果在本网站“统计执法”栏目公开。"),
]  # fmt: skip


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
    titles = {m[1] for m in MESSAGES} - {None}
    policies = {p.title: p for p in public_policies().filter(title__in=titles)}
    if set(policies) != titles:  # not the demo's content: nothing to ask about
        return 0
    moderator = User.objects.filter(groups__name=Role.WEB_EDITOR).order_by("pk").first()
    head = User.objects.filter(groups__name=Role.DIVISION_HEAD).order_by("pk").first()
    SensitiveWord.objects.get_or_create(word="内幕", defaults={"note": "演示敏感词"})
    made = 0
    for key, title, category, subject, body, name, contact in MESSAGES:
        if Message.objects.filter(tracking_code=_code(key)).exists():
            continue
        policy = policies[title] if title is not None else None
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
    return made + load_last_year(moderator, head)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@transaction.atomic
def load_last_year(moderator, head) -> int:
    """Last year's messages, handled through the real steps and dated when they were."""
    made = 0
    for code, title, category, subject, body, name, contact, on, days, text in LAST_YEAR:
        if Message.objects.filter(tracking_code=_code(code)).exists():
            continue
        policy = public_policies().filter(title=title).first()
        message = Message.objects.create(
            tracking_code=_code(code), policy=policy, category=category, subject=subject,
            body=body, name=name, contact=contact,
        )  # fmt: skip
        message = states.accept(message, moderator)
        reply = states.answer(message, _staff(message), text)
        states.approve(Message.objects.get(pk=message.pk), head)
        received = datetime.date.fromisoformat(on)
        accepted = add_working_days(received, 1).date
        answered = _at(add_working_days(accepted, days).date, 15)
        Message.objects.filter(pk=message.pk).update(
            received_at=_at(received, 10),
            accepted_on=accepted,
            clock_from=accepted,
            due_on=add_working_days(accepted, conf.get("MESSAGEBOARD_REPLY_DAYS")).date,
            answered_at=answered,
            published_at=answered + datetime.timedelta(hours=1),
        )
        type(reply).objects.filter(pk=reply.pk).update(
            created_at=answered, approved_at=answered + datetime.timedelta(hours=1)
        )
        made += 1
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
