"""The demo's requests to 江岭市统计局 (its applicants are in applicants.py), each with the
steps it went through.

A step's day is a fixed date for the requests closed in 2025 and 2026 (so both years'
statistics have rows, one received in December 2025 and answered in January 2026), or
working days before the day the demo is loaded, so the open requests are always as near
their deadlines as the walkthrough says.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# The agency and division the demo's requests go to (cms/demo/content.py), and the
# division's drafter cms/demo/users.py creates.
AGENCY = "江岭市统计局"
DIVISION = "国民经济核算处"
DRAFTER = "drafter12"


D = datetime.date


@dataclass
class Spec:
    """One request: who asks what, how it is to be provided, and its steps in order.

    A step is ``(day, action, arguments)``: ``day`` a date, or working days relative to the
    day of loading (0: that day); ``action`` a function of ``states.py``. ``submitted`` is
    the day it arrived (the evening before its first step when not given)."""

    key: str
    applicant: str
    information: str
    steps: list = field(default_factory=list)
    doc_number: str = ""
    purpose: str = ""
    form: str = "electronic"
    way: str = "email"
    submitted: object = None


REQUESTS = [
    Spec(
        "disclosed-2025",
        "chen",
        "2024年江岭市各区规模以上工业增加值及增速",
        [
            (D(2025, 3, 10), "confirm", {}),
            (D(2025, 3, 10), "assign", {}),
            (
                D(2025, 3, 24),
                "draft",
                {
                    "outcome": "disclosed",
                    "text": "经查，您申请的信息属于本机关公开范围，现将《2024年江岭市各区规模以上"
                    "工业增加值及增速》统计表以电子邮件方式提供给您。",
                },
            ),
            (D(2025, 3, 25), "review", {}),
            (D(2025, 3, 26), "approve", {}),
            (D(2025, 3, 27), "send", {"way": "电子邮件"}),
        ],
        purpose="撰写区域经济研究论文",
    ),
    Spec(
        "partly-extended-2025",
        "hengtong",
        "2024年度本局统计执法检查的企业名单及检查结果",
        [
            (D(2025, 5, 12), "confirm", {}),
            (D(2025, 5, 12), "assign", {}),
            (
                D(2025, 6, 5),
                "extend",
                {
                    "days": 10,
                    "reason": "涉及检查企业较多，需逐一核对检查结果及其中的商业信息",
                },
            ),
            (
                D(2025, 6, 16),
                "draft",
                {
                    "outcome": "partly",
                    "text": "现将2024年度统计执法检查企业名单及检查结论提供给您。",
                    "reason": "检查结果中各企业的财务数据属于能够识别单个统计调查对象的资料，依照"
                    "统计法的规定不予公开，已作区分处理。",
                },
            ),
            (D(2025, 6, 17), "review", {}),
            (D(2025, 6, 18), "approve", {}),
            (D(2025, 6, 19), "send", {"way": "邮寄（挂号信）"}),
        ],
        form="paper",
        way="post",
    ),
    Spec(
        "not-held-2025",
        "huang",
        "2024年江岭市各新建商品住宅项目的销售均价",
        [
            (D(2025, 8, 4), "confirm", {}),
            (D(2025, 8, 4), "assign", {}),
            (
                D(2025, 8, 14),
                "draft",
                {
                    "outcome": "unavailable_not_held",
                    "text": "经查，本机关未制作、获取分项目的商品住宅销售价格信息。",
                    "responsible_agency": "江岭市住房和城乡建设局",
                    "responsible_contact": "0592-5300000",
                },
            ),
            (D(2025, 8, 15), "review", {}),
            (D(2025, 8, 15), "approve", {}),
            (D(2025, 8, 18), "send", {"way": "电子邮件"}),
        ],
    ),
    Spec(
        "third-party-dec-2025",
        "institute",
        "2025年江岭市工业企业营业收入前一百名名单及各企业营业收入",
        [
            (D(2025, 12, 22), "confirm", {}),
            (D(2025, 12, 22), "assign", {}),
            (
                D(2025, 12, 24),
                "consult",
                {
                    "party": "江岭市恒通机械制造有限公司等12家企业",
                    "note": "名单中企业的营业收入可能涉及商业秘密",
                },
            ),
            (D(2026, 1, 12), "consulted", {"opinion": "9家企业书面答复不同意公开本企业营业收入。"}),
            (
                D(2026, 1, 14),
                "draft",
                {
                    "outcome": "partly",
                    "text": "现将2025年江岭市工业企业营业收入前一百名名单提供给您。",
                    "reason": "各企业营业收入属于能够识别单个统计调查对象的资料，且相关企业不同意"
                    "公开，不予提供。",
                },
            ),
            (D(2026, 1, 15), "review", {}),
            (D(2026, 1, 16), "approve", {}),
            (D(2026, 1, 19), "send", {"way": "电子邮件"}),
        ],
        purpose="编制《江岭市产业发展报告》",
    ),
    Spec(
        "repeat-2026",
        "chen",
        "2024年江岭市各区规模以上工业增加值及增速",
        [
            (D(2026, 2, 2), "confirm", {}),
            (D(2026, 2, 2), "assign", {}),
            (
                D(2026, 2, 10),
                "draft",
                {
                    "outcome": "not_processed_repeat",
                    "text": "本机关已于2025年3月27日答复您内容相同的申请，您重复申请公开相同"
                    "政府信息，本机关不再重复处理。",
                    "earlier_request": "disclosed-2025",
                },
            ),
            (D(2026, 2, 11), "review", {}),
            (D(2026, 2, 11), "approve", {}),
            (D(2026, 2, 12), "send", {"way": "电子邮件"}),
        ],
    ),
    Spec(
        "fee-2026",
        "mingzheng",
        "2021年至2025年本局作出的全部统计行政处罚决定书",
        [
            (D(2026, 3, 2), "confirm", {}),
            (D(2026, 3, 2), "assign", {}),
            (D(2026, 3, 9), "notify_fee", {"basis": "pages", "pages": 120}),
            (D(2026, 3, 16), "fee_paid", {}),
            (
                D(2026, 3, 23),
                "draft",
                {
                    "outcome": "disclosed",
                    "text": "现将2021年至2025年本局作出的统计行政处罚决定书共120页提供给您，"
                    "请凭本告知书到本局政府信息公开办公室领取。",
                },
            ),
            (D(2026, 3, 24), "review", {}),
            (D(2026, 3, 25), "approve", {}),
            (D(2026, 3, 26), "send", {"way": "自行领取"}),
        ],
        form="paper",
        way="pickup",
    ),
    Spec(
        "withheld-process-2026",
        "xu",
        "2026年一季度江岭市地区生产总值初步测算数据及部门会商记录",
        [
            (D(2026, 4, 7), "confirm", {}),
            (D(2026, 4, 7), "assign", {}),
            (
                D(2026, 4, 20),
                "draft",
                {
                    "outcome": "withheld_process",
                    "text": "您申请的信息不予公开。2026年一季度地区生产总值已于4月发布，"
                    "可在本局网站“统计数据”栏目查询。",
                    "reason": "所申请的初步测算数据和会商记录是数据正式发布前的过程性信息。",
                },
            ),
            (D(2026, 4, 21), "review", {}),
            (D(2026, 4, 22), "approve", {}),
            (D(2026, 4, 23), "send", {"way": "电子邮件"}),
        ],
    ),
    Spec(
        "abandoned-2026",
        "zheng",
        "统计局关于企业的那个文件",
        [
            (D(2026, 5, 11), "confirm", {}),
            (
                D(2026, 5, 13),
                "ask_supplement",
                {"text": "您申请的信息指向不明确，请补正所需文件的名称、文号或者其他特征描述。"},
            ),
            (D(2026, 6, 8), "abandon", {}),
            (D(2026, 6, 8), "review", {}),
            (D(2026, 6, 9), "approve", {}),
            (D(2026, 6, 10), "send", {"way": "邮寄"}),
        ],
        form="paper",
        way="post",
    ),
    Spec(
        "supplemented-2026",
        "lvyuan",
        "全市环保相关的统计数据",
        [
            (D(2026, 6, 15), "confirm", {}),
            (D(2026, 6, 16), "ask_supplement", {"text": "请明确所需统计数据的指标、年份和范围。"}),
            (
                D(2026, 6, 22),
                "supplied",
                {"answer": "2025年江岭市规模以上工业企业综合能源消费量及单位工业增加值能耗。"},
            ),
            (D(2026, 6, 22), "assign", {}),
            (
                D(2026, 7, 6),
                "draft",
                {
                    "outcome": "disclosed",
                    "text": "现将2025年江岭市规模以上工业企业综合能源消费量及单位工业增加值能耗"
                    "数据提供给您。",
                },
            ),
            (D(2026, 7, 7), "review", {}),
            (D(2026, 7, 8), "approve", {}),
            (D(2026, 7, 9), "send", {"way": "电子邮件"}),
        ],
    ),
    Spec(
        "withdrawn-2026",
        "wu",
        "2025年江岭市居民人均可支配收入及人均消费支出",
        [
            (D(2026, 7, 20), "confirm", {}),
            (D(2026, 7, 20), "assign", {}),
            (D(2026, 7, 22), "withdraw", {"reason": "申请人来电称已在统计公报中查到，申请撤回"}),
        ],
    ),
    Spec(
        "not-made-2026",
        "haifeng",
        "2025年全市各乡镇外贸企业进出口额排名",
        [
            (D(2026, 9, 14), "confirm", {}),
            (D(2026, 9, 14), "assign", {}),
            (
                D(2026, 10, 12),
                "draft",
                {
                    "outcome": "unavailable_not_made",
                    "text": "本机关未制作分乡镇的外贸企业进出口额排名，该信息需要对现有数据进行"
                    "加工、分析方能形成。",
                },
            ),
            (D(2026, 10, 13), "review", {}),
            (D(2026, 10, 13), "approve", {}),
            (D(2026, 10, 14), "send", {"way": "邮寄"}),
        ],
        form="paper",
        way="post",
    ),
    # ---- open: their days count from the day the demo is loaded -----------------------
    Spec(
        "approved",
        "xu",
        "2026年1-10月江岭市社会消费品零售总额分月数据",
        [
            (-14, "confirm", {}),
            (-14, "assign", {}),
            (
                -5,
                "draft",
                {
                    "outcome": "disclosed",
                    "text": "现将2026年1-10月江岭市社会消费品零售总额分月数据提供给您。",
                },
            ),
            (-4, "review", {}),
            (-2, "approve", {}),
        ],
    ),
    Spec(
        "reviewed",
        "wu",
        "江岭市2025年国民经济和社会发展统计公报中各项数据的来源说明",
        [
            (-12, "confirm", {}),
            (-12, "assign", {}),
            (
                -4,
                "draft",
                {
                    "outcome": "disclosed",
                    "text": "现将统计公报各项数据的来源说明提供给您。",
                },
            ),
            (-3, "review", {}),
        ],
    ),
    Spec(
        "drafted",
        "chen",
        "2025年江岭市规模以上工业企业研究与试验发展经费投入情况",
        [
            (-10, "confirm", {}),
            (-10, "assign", {}),
            (
                -2,
                "draft",
                {
                    "outcome": "disclosed",
                    "text": "现将2025年江岭市规模以上工业企业研究与试验发展经费投入情况提供给您。",
                },
            ),
        ],
    ),
    Spec(
        "third-party",
        "lvyuan",
        "2025年江岭市重点用能单位名单及各单位综合能源消费量",
        [
            (-12, "confirm", {}),
            (-12, "assign", {}),
            (
                -9,
                "consult",
                {
                    "party": "江岭市华能热电有限公司等8家重点用能单位",
                    "note": "各单位能源消费量可能涉及商业秘密",
                },
            ),
        ],
    ),
    Spec(
        "fee",
        "mingzheng",
        "2026年本局统计违法案件立案登记表",
        [
            (-8, "confirm", {}),
            (-8, "assign", {}),
            (-6, "notify_fee", {"basis": "pages", "pages": 45}),
        ],
        form="paper",
        way="pickup",
    ),
    Spec(
        "overdue",
        "zheng",
        "江岭市第五次全国经济普查公报中各街道的法人单位数",
        [("overdue", "confirm", {}), ("overdue", "assign", {})],
    ),
    Spec(
        "due-soon",
        "institute",
        "2026年前三季度江岭市地区生产总值及三次产业增加值",
        [("due-soon", "confirm", {}), ("due-soon", "assign", {})],
    ),
    Spec(
        "supplement",
        "haifeng",
        "进出口相关数据",
        [
            (-3, "confirm", {}),
            (-2, "ask_supplement", {"text": "请明确所需进出口数据的年份、商品类别和统计口径。"}),
        ],
    ),
    Spec(
        "received",
        "huang",
        "2025年江岭市1%人口抽样调查主要数据中各区的常住人口数",
        [(-1, "confirm", {})],
    ),
    Spec("submitted", "lin", "江岭市统计局2026年统计执法检查计划", [], submitted=-1),
    # The same applicant sent the same request twice: the copy is merged.
    Spec(
        "merged",
        "lin",
        "江岭市统计局2026年统计执法检查计划",
        [(0, "merge", {"into": "submitted"})],
        submitted=-1,
    ),
    Spec(
        "discarded",
        "wu",
        "测试测试测试",
        [(0, "discard", {"reason": "内容为测试文字，不是政府信息公开申请。"})],
        submitted=-1,
    ),
]

# Appeals: (the request by key or None, kind, case number, filed, result, decided).
APPEALS = [
    (
        "partly-extended-2025",
        "review",
        "江政复〔2025〕37号",
        D(2025, 7, 10),
        "upheld",
        D(2025, 9, 5),
    ),
    (
        "withheld-process-2026",
        "litigation_direct",
        "（2026）闽0203行初56号",
        D(2026, 6, 10),
        "pending",
        None,
    ),
]

# Whose tracking code the walkthrough names, for the public tracking page.
TRACKED = "fee-2026"
