"""Demo online services: a catalogue of the fictional city's service items, linked from the
policies that govern them (a new revision of each, published), and one item whose link
the patrol found broken, with its check history."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cms.plugin_api import PolicyPage
from plugins.govservice import health
from plugins.govservice.checker import CheckResult
from plugins.govservice.models import LinkCheck, ServiceItem, ServiceLink

PORTAL = "https://zwfw.jiangling.gov.cn.example/item"
# (code, name, department, audience, the policy that governs it, the clause)
ITEMS = [
    ("11350200MB0001-XK-001", "部门统计调查项目审批", "江岭市统计局", "organization",
     "江岭市统计调查项目管理办法", "第八条"),
    ("11350200MB0001-QT-004", "统计信用修复申请", "江岭市统计局", "organization",
     "江岭市统计信用管理办法（试行）", "第十五条"),
    ("11350200MB0001-QT-007", "统计联网直报单位名录登记", "江岭市统计局", "organization",
     "關於做好規模以上工業企業統計聯網直報工作的通知", ""),
    ("11350200MB0002-QT-001", "政府信息公开申请", "江岭市人民政府办公室", "both",
     "江岭市政府信息依申请公开办理规定", "第五条"),
    ("11350200MB0003-GF-012", "就业见习补贴申领", "江岭市人力资源和社会保障局", "organization",
     "江岭市高校毕业生就业见习管理办法", "第十二条"),
    ("11350200MB0003-GF-020", "灵活就业人员参保登记", "江岭市人力资源和社会保障局", "person",
     "江岭市灵活就业人员参加职工基本养老保险办法", ""),
    ("11350200MB0003-GF-031", "城乡居民养老保险待遇申领", "江岭市人力资源和社会保障局",
     "person", "关于提高城乡居民基础养老金标准的通知", ""),
    ("11350200MB0003-GF-045", "创业担保贷款申请", "江岭市人力资源和社会保障局", "person",
     "江嶺市創業擔保貸款實施辦法", "第六条"),
]  # fmt: skip
BROKEN_CODE = "11350200MB0003-GF-045"
# Broken for two days in June 2025 and repaired: the website report of 2025 counts both.
REPAIRED_CODE = "11350200MB0001-QT-004"
LAST_YEAR = 2025
# The walkthrough's 办 example: a policy in force (not a repealed one) with a citizen's item.
SHOWCASE_CODE = "11350200MB0003-GF-031"


def _link(policy: PolicyPage, item: ServiceItem, note: str) -> None:
    """Link the policy to the item in a new revision and publish it, as an editor would."""
    if ServiceLink.objects.filter(policy=policy, item=item).exists():
        return
    draft = policy.get_latest_revision_as_object()
    draft.service_links.add(ServiceLink(item=item, note=note))
    draft.save_revision().publish()


def _break(item: ServiceItem) -> None:
    """The patrol's history of a link that went away: 404 three times over a day."""
    if item.checks.exists():
        return
    now = timezone.now()
    for hours in (26, 14, 2):
        result = CheckResult(LinkCheck.Outcome.FAILED, "HTTP 404", 404, item.url, 180)
        health.record(item.pk, result, now - timedelta(hours=hours))


def _broken_and_repaired(item: ServiceItem) -> None:
    """Last year's outage, as the patrol saw it then: 404 over a day, working two days on.
    The log's entries are dated when the patrol moved the item, as they would have been."""
    if item.checks.filter(checked_at__year=LAST_YEAR).exists():
        return
    start = timezone.make_aware(datetime(LAST_YEAR, 6, 10, 9))
    kind = ContentType.objects.get_for_model(ServiceItem)
    for hours, outcome, code in ((0, "FAILED", 404), (12, "FAILED", 404), (24, "FAILED", 404),
                                 (72, "OK", 200)):  # fmt: skip
        when = start + timedelta(hours=hours)
        result = CheckResult(
            getattr(LinkCheck.Outcome, outcome), f"HTTP {code}", code, item.url, 150
        )
        moved = health.record(item.pk, result, when)
        if moved:
            entry = ModelLogEntry.objects.filter(
                content_type=kind, object_id=str(item.pk), action=f"govservice.{moved}"
            ).latest("pk")
            ModelLogEntry.objects.filter(pk=entry.pk).update(timestamp=when)


@transaction.atomic
def load_demo_services(base_url: str) -> list[str]:
    """The catalogue, its links and the broken one; idempotent. Returns the walkthrough."""
    linked = []
    for code, name, department, audience, title, note in ITEMS:
        item, _created = ServiceItem.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "department": department,
                "audience": audience,
                "url": f"{PORTAL}/{code}",
            },
        )
        policy = PolicyPage.objects.live().filter(title=title).first()
        if policy is not None:
            _link(policy, item, note)
            linked.append((item, PolicyPage.objects.get(pk=policy.pk)))
    _broken_and_repaired(ServiceItem.objects.get(code=REPAIRED_CODE))
    broken = ServiceItem.objects.get(code=BROKEN_CODE)
    _break(broken)
    if not linked:
        return []
    item, policy = next((pair for pair in linked if pair[0].code == SHOWCASE_CODE), linked[0])
    lines = [
        f"阅办联动：《{policy.title}》上的“办”按钮 {base_url}{policy.url}",
        f"  事项及其依据的政策：{base_url}/api/v1/service-items/{item.code}",
        f"  可在线办理的政策：{base_url}/api/v1/policies?online_service=yes",
        f"  失效链接（后台 报告 → 失效链接）：{broken.name}，页面上显示“暂不可用”",
        "  事项目录：后台 → 办事事项（可导入 CSV/XLSX）；巡检：celery beat 每 15 分钟",
    ]
    return lines
