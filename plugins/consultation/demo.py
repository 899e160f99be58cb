"""Demo consultations, written for the demo (fictional city 江岭市): one open with comments
on several clauses, one closed awaiting its feedback, one concluded with its published
feedback and the policy that came from it. Each goes through its review workflow, and the
answers through the real handling steps (handling.py)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.plugin_api import Division, PolicyPage
from plugins.consultation import handling, intake, reminders
from plugins.consultation.column import ensure_column
from plugins.consultation.models import Comment, ConsultationPage, Feedback

User = get_user_model()
SHANGHAI = ZoneInfo("Asia/Shanghai")

OPEN_TITLE = "《江岭市政府网站与政务新媒体管理办法（草案征求意见稿）》公开征求意见"
CLOSED_TITLE = "《江岭市统计信用管理办法（修订征求意见稿）》公开征求意见"
CONCLUDED_TITLE = "《江岭市创业担保贷款实施办法（征求意见稿）》公开征求意见"
FINAL_POLICY = "江嶺市創業擔保貸款實施辦法"

OPEN = {
    "slug": "website-and-new-media-draft",
    "agency": "江岭市人民政府办公室",
    "division": "政务公开处",
    "drafter": "drafter22",
    "kind": "rule",
    "background": (
        "本市政府网站和政务新媒体数量多、分布散，部分账号长期不更新、互动回应不及时，"
        "群众反映“找不到、看不懂、问不到”。为规范建设管理，市政府办公室起草了本办法。"
    ),
    "basis": "《政府网站发展指引》《关于推进政务新媒体健康有序发展的意见》等文件。",
    "main_content": (
        "草案共十条，明确主管和主办单位职责，规定开设整合、内容保障、互动回应、"
        "安全防护和监督考核要求。"
    ),
    "draft": """第一条 为规范本市政府网站与政务新媒体建设管理，提升政务服务水平，制定本办法。
第二条 本办法适用于本市各级行政机关开办的政府网站和政务新媒体。
第三条 市人民政府办公室是全市政府网站与政务新媒体的主管单位，负责统筹规划、监督考核。
第四条 开设政务新媒体应当报主管单位备案；同一单位在同一平台原则上只开设一个账号。
第五条 主办单位应当建立内容发布审核制度，信息发布前应当经本单位负责人审核。
第六条 对公众的留言、咨询，主办单位应当在5个工作日内答复；情况复杂的，可以延长5个工作日。
第七条 主办单位应当落实安全防护责任，定期开展安全检测，发现问题及时整改。
第八条 长期不更新、无力维护的政务新媒体，主办单位应当予以关停或者整合。
第九条 主管单位每季度对政府网站与政务新媒体进行检查，检查结果纳入绩效考核。
第十条 本办法自发布之日起施行。""",
    "email": "zwgk@jiangling.example.gov.cn",
    "post": "江岭市人民路1号市政府办公室政务公开处（邮编 350200）",
    "days": (-6, 26),
    # (clause number or "" for the whole draft, comment)
    "comments": [
        ("第六条", "建议把答复期限缩短到3个工作日，群众等5天太久了。"),
        ("第六条", "第六条延长答复期限的情形不明确，建议列举“情况复杂”的具体情形。"),
        (
            "第四条",
            "一个单位只开一个账号的要求很好，但已经开设多个账号的如何过渡？建议给出整合期限。",
        ),
        ("第八条", "建议明确“长期不更新”的标准，比如连续6个月未更新。"),
        ("", "希望办法出台后能公开各单位政务新媒体名录，方便群众查找。"),
        ("第九条", "听说检查结果有内幕，建议考核结果向社会公开。"),
    ],
}

CLOSED = {
    "slug": "statistical-credit-revision",
    "agency": "江岭市统计局",
    "division": "法规处",
    "drafter": "drafter13",
    "kind": "normative",
    "background": "现行试行办法已施行三年，信用修复、异议处理等程序需要完善。",
    "basis": "《中华人民共和国统计法》《统计严重失信企业信用管理办法》。",
    "main_content": "修订稿调整了失信认定标准，新增信用修复和异议处理程序。",
    "draft": """一、总则
（一）为加强统计信用体系建设，提高统计数据质量，制定本办法。
（二）本办法所称统计信用，是指统计调查对象依法履行统计义务的情况。
二、失信认定
（一）统计调查对象有统计造假、弄虚作假等行为的，认定为统计失信。
（二）认定前应当告知当事人拟认定的事实、理由和依据，当事人有权陈述和申辩。
三、信用修复
（一）失信主体纠正失信行为满一年且未再发生失信行为的，可以申请信用修复。""",
    "email": "fgc@tjj.jiangling.example.gov.cn",
    "post": "",
    "days": (-40, -8),
    "comments": [
        ("二（二）", "建议明确告知后当事人陈述申辩的期限，例如5个工作日。"),
        ("三（一）", "修复期限一年偏长，建议对主动纠正的小微企业缩短为六个月。"),
        ("", "建议在统计局网站公开信用修复的办理流程和所需材料。"),
    ],
}

CONCLUDED = {
    "slug": "business-loan-guarantee-draft",
    "agency": "江岭市人力资源和社会保障局",
    "division": "就业促进处",
    "drafter": "drafter31",
    "kind": "normative",
    "background": "为落实稳就业政策，支持重点群体创业，市人社局会同有关部门起草了本办法。",
    "basis": "《关于进一步做好创业担保贷款财政贴息工作的通知》等文件。",
    "main_content": "明确贷款对象、额度、期限、贴息标准和申请程序。",
    "draft": """第一条 为支持重点群体创业就业，规范创业担保贷款管理，制定本办法。
第二条 符合条件的高校毕业生、退役军人、返乡创业农民工等可以申请创业担保贷款。
第三条 个人贷款额度最高不超过30万元，贷款期限最长不超过3年。
第四条 申请人应当向户籍所在地或者创业所在地的人力资源社会保障部门提出申请。
第五条 本办法自发布之日起施行。""",
    "email": "jycj@rsj.jiangling.example.gov.cn",
    "post": "江岭市建设路18号市人力资源和社会保障局就业促进处",
    "period": (datetime.datetime(2025, 9, 1, 9, 0), datetime.datetime(2025, 10, 8, 17, 0)),
    "comments": [
        ("第二条", "建议把毕业五年内的高校毕业生都纳入，而不仅是毕业两年内的。"),
        ("第二条", "希望把网店等新业态创业者明确列为可以申请的对象。"),
        ("第三条", "30万元额度对开小店的个人偏高，风险大，建议降低。"),
        ("第四条", "建议允许网上申请，不用跑窗口。我的电话13912345678，可以联系我。"),
    ],
    # (clause numbers of the comments answered together, kind, reason, summary)
    "answers": [
        (
            ["第二条", "第二条"],
            "partly",
            "毕业五年内高校毕业生已纳入第二条；新业态创业者按个人创业者申请，不另列。",
            "扩大高校毕业生和新业态创业者的申请范围",
        ),
        (["第三条"], "not_adopted", "30万元为国家规定的最高额度，实际额度按项目评估确定。", ""),
        (["第四条"], "adopted", "", "开通网上申请渠道"),
    ],
    "feedback": datetime.datetime(2025, 10, 24, 10, 0),
}


def _user(username: str):
    return User.objects.filter(username=username).first()


def _make(title: str, spec: dict, opens, closes, final_policy=None) -> ConsultationPage:
    """A consultation drafted by the division's drafter and approved through its workflow."""
    division = Division.objects.get(agency__name=spec["agency"], name=spec["division"])
    page = ConsultationPage(
        title=title,
        slug=spec["slug"],
        live=False,
        division=division,
        kind=spec["kind"],
        opens_at=opens,
        closes_at=closes,
        background=spec["background"],
        basis=spec["basis"],
        main_content=spec["main_content"],
        draft_text=spec["draft"],
        channel_email=spec["email"],
        channel_post=spec["post"],
        final_policy=final_policy,
        owner=_user(spec["drafter"]),
    )
    ensure_column().add_child(instance=page)
    page.save_revision(user=page.owner)
    workflow = page.get_workflow()
    if workflow is None:  # the workflow was removed: publish as an editor would
        page.get_latest_revision().publish()
    else:
        workflow.start(page, page.owner)
        for approver in ("chuzhang", "editor"):
            page = ConsultationPage.objects.get(pk=page.pk)
            state = page.current_workflow_task_state
            state.task.specific.on_action(state, _user(approver), "approve")
    return ConsultationPage.objects.get(pk=page.pk)


def _comment(page: ConsultationPage, label: str, body: str, at=None) -> Comment:
    clause = page.current_clauses().filter(label=label).first() if label else None
    fields = intake.clean(page, {"body": body, "clause": clause.anchor if clause else ""})
    comment = intake.store(fields)
    if at is not None:
        Comment.objects.filter(pk=comment.pk).update(received_at=at)
    return comment


def load_demo_consultations() -> int:
    """Make the three consultations unless there; returns how many were made."""
    if _user("chuzhang") is None or ensure_column() is None:
        return 0
    made, now = 0, timezone.now()
    if apps.is_installed("plugins.messageboard"):
        # The site's word list is the message board's (protection.py); the open
        # consultation's last comment holds one of its words for the moderator.
        words = apps.get_model("messageboard", "SensitiveWord").objects
        words.get_or_create(word="内幕", defaults={"note": "演示敏感词"})
    if not ConsultationPage.objects.filter(title=OPEN_TITLE).exists():
        start, end = OPEN["days"]
        page = _make(
            OPEN_TITLE,
            OPEN,
            now + datetime.timedelta(days=start),
            now + datetime.timedelta(days=end),
        )
        for n, (label, body) in enumerate(OPEN["comments"]):
            _comment(page, label, body, now - datetime.timedelta(days=5 - n % 5, hours=n))
        made += 1
    if not ConsultationPage.objects.filter(title=CLOSED_TITLE).exists():
        start, end = CLOSED["days"]
        opens = now + datetime.timedelta(days=start)
        page = _make(CLOSED_TITLE, CLOSED, opens, now + datetime.timedelta(days=end))
        comments = [
            _comment(page, label, body, opens + datetime.timedelta(days=3 + n))
            for n, (label, body) in enumerate(CLOSED["comments"])
        ]
        # A letter, registered by the division (登记来信意见), answered like the others.
        handling.register_comment(
            page,
            _user(CLOSED["drafter"]),
            "post",
            timezone.localdate(opens + datetime.timedelta(days=12)),
            "来信建议：异议处理应当明确统计机构的答复期限。",
            clause=page.current_clauses().filter(label="二（二）").first(),
            name="陈某",
        )
        # One answered already, as a draft the division has yet to submit.
        handling.answer(
            page,
            comments[:1],
            _user(CLOSED["drafter"]),
            "adopted",
            summary="明确陈述申辩期限",
        )
        made += 1
    if not ConsultationPage.objects.filter(title=CONCLUDED_TITLE).exists():
        made += _concluded()
    reminders.sync_due_dates()
    return made


def _concluded() -> int:
    opens, closes = (moment.replace(tzinfo=SHANGHAI) for moment in CONCLUDED["period"])
    policy = PolicyPage.objects.filter(title=FINAL_POLICY).first()
    page = _make(CONCLUDED_TITLE, CONCLUDED, opens, closes, final_policy=policy)
    by_label: dict[str, list[Comment]] = {}
    for n, (label, body) in enumerate(CONCLUDED["comments"]):
        comment = _comment(page, label, body, opens + datetime.timedelta(days=2 + 5 * n))
        by_label.setdefault(label, []).append(comment)
    drafter, head = _user(CONCLUDED["drafter"]), _user("chuzhang")
    for labels, kind, reason, summary in CONCLUDED["answers"]:
        comments = list(dict.fromkeys(c for label in labels for c in by_label[label]))
        # Only 已有规定/已体现 names a clause (where it is provided for).
        clause = comments[0].clause if kind == "already" else None
        disposition = handling.answer(
            page, comments, drafter, kind, reason=reason, clause=clause, summary=summary
        )
        handling.submit(disposition, drafter)
        handling.approve(disposition, head)
    handling.publish(
        page,
        head,
        summary="共收到意见4条，采纳1条，部分采纳2条，不予采纳1条。感谢社会各界的关心和支持。",
    )
    published = CONCLUDED["feedback"].replace(tzinfo=SHANGHAI)
    Feedback.objects.filter(consultation=page).update(published_at=published)
    return 1


def walkthrough(base_url: str) -> list[str]:
    """Where to see the consultations in the demo, printed by load_demo."""
    base = base_url.rstrip("/")
    pages = {
        p.title: p.get_url()
        for p in ConsultationPage.objects.filter(
            title__in=[OPEN_TITLE, CLOSED_TITLE, CONCLUDED_TITLE]
        )
    }
    held = Comment.objects.filter(consultation__title=OPEN_TITLE, state=Comment.State.HELD).count()
    line = "  {}  {}{}"
    return [
        "意见征集：",
        f"  列表  {base}/consultations/   接口 {base}/api/v1/consultations"
        f"   订阅 {base}/feeds/consultations.atom",
        line.format(
            f"正在征集（6 条意见，{held} 条含敏感词待审核）", base, pages.get(OPEN_TITLE, "")
        ),
        line.format(
            "已截止待反馈（drafter13 答复，chuzhang 审核）", base, pages.get(CLOSED_TITLE, "")
        ),
        line.format("已公布反馈，并链接正式文件", base, pages.get(CONCLUDED_TITLE, "")),
        f"  管理后台 → 意见征集  {base}/admin/consultations/",
    ]
