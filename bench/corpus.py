"""Synthetic policies for the benchmarks: deterministic, Chinese, of realistic length.

Each policy is a JSON Lines record for ``import_policies`` (the same format an agency's
migration uses), with a body of 1-10 KB and one or two interpretations.
"""

import json
import random

AGENCIES = [
    ("滨江市统计局", "滨统", ["综合处", "法规处", "国民经济核算处", "工业交通处", "人口就业处"]),
    ("滨江市人力资源和社会保障局", "滨人社", ["就业促进处", "社会保险处", "劳动关系处"]),
    ("滨江市发展和改革委员会", "滨发改", ["综合规划处", "价格管理处", "产业发展处"]),
    ("滨江市财政局", "滨财", ["预算处", "税政处", "政府采购处"]),
    ("滨江市生态环境局", "滨环", ["大气环境处", "水生态环境处"]),
]
DOC_TYPES = ["normative", "policy", "notice", "plan", "report"]
SUBJECTS = [
    "统计数据质量",
    "就业创业",
    "小微企业融资",
    "营商环境",
    "数字经济",
    "人才引进",
    "养老服务",
    "住房保障",
    "生态环境保护",
    "农村集体经济",
    "科技创新",
    "知识产权",
    "政府采购",
    "财政预算",
    "价格监测",
    "社会保险",
    "劳动关系",
    "安全生产",
    "消费促进",
    "对外贸易",
    "统计调查",
    "公共数据开放",
    "医疗保障",
    "义务教育",
    "交通运输",
    "文化旅游",
    "乡村振兴",
    "城市更新",
]
ACTIONS = ["加强", "规范", "促进", "推进", "完善", "优化", "支持", "做好", "深化", "健全"]
KINDS = ["管理办法", "实施意见", "工作方案", "若干措施", "通知", "实施细则", "指导意见"]
PHRASES = [
    "各区人民政府",
    "市政府各委、办、局",
    "按照国家和省的部署要求",
    "结合本市实际",
    "坚持问题导向",
    "统筹发展和安全",
    "建立健全工作机制",
    "明确职责分工",
    "强化数据共享",
    "落实主体责任",
    "加大财政支持力度",
    "优化审批流程",
    "提升公共服务水平",
    "加强监督检查",
    "依法依规开展工作",
    "做好政策宣传解读",
    "鼓励社会资本参与",
    "完善考核评价体系",
    "推动高质量发展",
    "保障群众合法权益",
    "实行清单化管理",
    "开展常态化监测",
    "建立容错纠错机制",
    "加强部门协同联动",
    "推进信息化建设",
    "严格执行统计法律法规",
    "提高数据准确性",
    "符合条件的企业",
    "给予一次性补贴",
    "按季度报送",
    "每年开展一次评估",
    "自印发之日起施行",
]
QUESTIONS = ["为什么出台", "适用于哪些对象", "主要有哪些措施", "如何申请", "何时开始实施"]


def _sentence(rng: random.Random, subject: str) -> str:
    parts = rng.sample(PHRASES, rng.randint(2, 4))
    return f"{rng.choice(ACTIONS)}{subject}工作，" + "，".join(parts) + "。"


def _text(rng: random.Random, subject: str, min_chars: int, max_chars: int) -> str:
    target = rng.randint(min_chars, max_chars)
    paragraphs, size, article = [], 0, 1
    while size < target:
        paragraph = f"第{article}条　" + "".join(
            _sentence(rng, subject) for _ in range(rng.randint(2, 5))
        )
        paragraphs.append(paragraph)
        size += len(paragraph)
        article += 1
    return "\n".join(paragraphs)


def policy_record(n: int, *, seed: int = 2026) -> dict:
    """The n-th synthetic policy; the same n always gives the same record."""
    rng = random.Random(seed * 1_000_003 + n)
    agency, short, divisions = AGENCIES[n % len(AGENCIES)]
    subject = rng.choice(SUBJECTS)
    year = 2010 + n % 16
    title = f"{agency.removesuffix('局')}关于{rng.choice(ACTIONS)}{subject}的{rng.choice(KINDS)}"
    # 1-10 KB of UTF-8: Chinese characters take three bytes each.
    body = _text(rng, subject, 340, 3400)
    record = {
        "title": f"{title}（{n}）",
        "doc_number": f"{short}〔{year}〕{n}号",
        "agency": agency,
        "division": rng.choice(divisions),
        "doc_type": DOC_TYPES[n % len(DOC_TYPES)],
        "issued_on": f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "topics": rng.sample(SUBJECTS, 2),
        "summary": _sentence(rng, subject),
        "body": body,
        "interpretations": [
            {
                "title": f"《{title}》政策解读（{n}）",
                "form": "text",
                "body": _text(rng, subject, 200, 1200),
            }
        ],
    }
    if n % 3 == 0:
        record["interpretations"].append(
            {
                "title": f"《{title}》问答（{n}）",
                "form": "qa",
                "qa": [
                    {"question": f"{subject}政策{q}？", "answer": _sentence(rng, subject)}
                    for q in rng.sample(QUESTIONS, 3)
                ],
            }
        )
    return record


def policy_lines(count: int, *, start: int = 0):
    for n in range(start, start + count):
        yield json.dumps(policy_record(n), ensure_ascii=False)
