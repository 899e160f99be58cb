"""Demo bundles in every state of the review: returned, in review, scheduled, published
through review, and withdrawn. Made through the same calls the admin makes."""

import json
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.importing.importer import find_existing, upsert_policy
from cms.importing.parsing import parse_record
from cms.review.bundle import withdraw_bundle

AGENCY, DIVISION, DRAFTER = "江岭市统计局", "法规处", "drafter13"
REVIEWERS = ["chuzhang", "editor", "chief", "leader"]


def _record(title, serial, *, interpretation=True):
    subject = title.removeprefix("江岭市").removesuffix("管理办法").removesuffix("办法")
    record = {
        "title": title,
        "doc_number": f"江统规〔2026〕{serial}号",
        "agency": AGENCY,
        "division": DIVISION,
        "doc_type": "normative",
        "issued_on": "2026-11-02",
        "topics": ["统计管理"],
        "summary": f"本办法对{subject}作出规定。",
        "body": "第一条　为规范相关工作，制定本办法。\n第二条　本办法自印发之日起施行。",
    }
    if interpretation:
        record["interpretations"] = [
            {
                "title": f"《{title}》解读",
                "form": "qa",
                "qa": [
                    {
                        "question": "为什么制定本办法？",
                        "answer": f"为规范{subject}工作，落实统计法及其实施条例的要求，"
                        "明确各方职责，提高统计数据质量，本局在总结近年实践、"
                        "征求有关部门和调查对象意见的基础上制定本办法。",
                    },
                    {
                        "question": "本办法主要规定了哪些内容？",
                        "answer": f"本办法共五章，规定了{subject}的适用范围、职责分工、"
                        "工作程序、监督检查和法律责任，并对信息公开和咨询渠道作出安排。",
                    },
                    {
                        "question": "本办法何时施行？",
                        "answer": "本办法自印发之日起施行，此前有关规定与本办法不一致的，"
                        "以本办法为准。",
                    },
                ],
            }
        ]
    return record


# (record, how many review levels approve it, extra step)
BUNDLES = [
    (_record("江岭市统计资料管理办法", 11, interpretation=False), 0, "returned"),
    (_record("江岭市统计调查对象权益保障办法", 12), 1, None),
    (_record("江岭市部门统计工作管理办法", 13), 3, None),
    (_record("江岭市统计数据发布管理办法", 14), 4, "scheduled"),
    (_record("江岭市统计分析报告管理办法", 15), 4, None),
    (_record("江岭市统计临时调查管理办法", 16), 4, "withdraw"),
]


def _approve(policy, username):
    policy = type(policy).objects.get(pk=policy.pk)
    task_state = policy.current_workflow_task_state
    user = get_user_model().objects.get(username=username)
    task_state.task.specific.on_action(task_state, user, "approve")


def create_demo_bundles() -> int:
    """Create the demo bundles that are missing; returns how many were made."""
    User = get_user_model()
    drafter = User.objects.get(username=DRAFTER)
    made = 0
    for record, levels, extra in BUNDLES:
        parsed = parse_record(json.dumps(record, ensure_ascii=False))
        if find_existing(parsed) is not None:
            continue
        upsert_policy(parsed, publish=False, user=drafter)
        policy = find_existing(parsed)
        if extra == "scheduled":
            draft = policy.get_latest_revision_as_object()
            draft.go_live_at = timezone.now() + timedelta(days=30)
            draft.save_revision(user=drafter)
        policy.get_workflow().start(policy, drafter)
        for username in REVIEWERS[:levels]:
            _approve(policy, username)
        if extra == "withdraw":
            withdraw_bundle(
                type(policy).objects.get(pk=policy.pk), User.objects.get(username="leader")
            )
        made += 1
    return made
