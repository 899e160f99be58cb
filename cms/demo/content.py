"""The demo's policies, written for the demo (fictional city 江岭市).

Each policy is a compact spec; `policy_records` expands it into the JSON Lines records
that `cms.importing.importer` takes, so the demo exercises the same path as a real migration.
"""

AGENCIES = [
    {
        "name": "江岭市统计局",
        "short_name": "江统",
        "org_code": "11350200MB0001",
        "region": "江岭市",
        "divisions": ["综合处", "国民经济核算处", "法规处"],
    },
    {
        "name": "江岭市人民政府办公室",
        "short_name": "江政办",
        "org_code": "11350200MB0002",
        "region": "江岭市",
        "divisions": ["秘书处", "政务公开处", "督查处"],
    },
    {
        "name": "江岭市人力资源和社会保障局",
        "short_name": "江人社",
        "org_code": "11350200MB0003",
        "region": "江岭市",
        "divisions": ["就业促进处", "社会保险处"],
    },
]

# (agency index, division, doc_type, issued_on, serial or None, title, topics, interpretation forms)
POLICIES = [
    (
        0,
        "法规处",
        "normative",
        "2013-04-12",
        3,
        "江岭市统计调查项目管理办法",
        ["统计调查", "项目管理"],
        ["text"],
    ),
    (0, "综合处", "plan", "2014-02-20", 1, "江岭市统计局2014年政务公开工作要点", ["政务公开"], []),
    (
        0,
        "国民经济核算处",
        "report",
        "2015-03-18",
        None,
        "2014年江岭市国民经济和社会发展统计公报",
        ["统计公报"],
        ["graphic"],
    ),
    (
        0,
        "法规处",
        "normative",
        "2016-06-08",
        7,
        "江岭市统计执法检查规定",
        ["统计执法"],
        ["qa", "official"],
    ),
    (
        0,
        "综合处",
        "notice",
        "2017-01-05",
        2,
        "关于开展第四次全国经济普查前期准备工作的通知",
        ["经济普查"],
        [],
    ),
    (
        0,
        "法规处",
        "policy",
        "2018-09-14",
        11,
        "关于防范和惩治统计造假弄虚作假的实施意见",
        ["统计造假", "责任追究"],
        ["text", "expert"],
    ),
    (
        0,
        "综合处",
        "report",
        "2020-01-20",
        None,
        "江岭市统计局2019年政府信息公开工作年度报告",
        ["年度报告", "政务公开"],
        [],
    ),
    (
        0,
        "国民经济核算处",
        "normative",
        "2021-07-01",
        9,
        "江岭市统计数据质量管理办法",
        ["数据质量"],
        ["graphic", "qa"],
    ),
    (
        0,
        "法规处",
        "normative",
        "2023-03-10",
        4,
        "江岭市统计信用管理办法（试行）",
        ["统计信用", "信用监管"],
        ["text"],
    ),
    (
        0,
        "综合处",
        "plan",
        "2024-02-26",
        2,
        "江岭市统计局2024年政务公开工作实施方案",
        ["政务公开"],
        ["text"],
    ),
    (
        0,
        "国民经济核算处",
        "notice",
        "2025-05-15",
        6,
        "關於做好規模以上工業企業統計聯網直報工作的通知",
        ["聯網直報", "工業統計"],
        ["qa"],
    ),
    (
        0,
        "综合处",
        "report",
        "2026-01-22",
        None,
        "江岭市统计局2025年政府信息公开工作年度报告",
        ["年度报告", "政务公开"],
        [],
    ),
    (
        1,
        "政务公开处",
        "normative",
        "2013-09-03",
        21,
        "江岭市政府信息依申请公开办理规定",
        ["依申请公开", "政务公开"],
        ["text"],
    ),
    (1, "秘书处", "notice", "2014-11-11", 35, "关于进一步规范公文处理工作的通知", ["公文处理"], []),
    (1, "督查处", "policy", "2015-08-19", 40, "江岭市政务督查工作办法", ["政务督查"], ["official"]),
    (1, "政务公开处", "rule", "2021-09-01", 12, "江岭市政府信息公开规定", ["政务公开"], ["text"]),
    (
        1,
        "政务公开处",
        "normative",
        "2016-12-01",
        52,
        "江岭市行政规范性文件管理办法",
        ["规范性文件", "合法性审核"],
        ["text", "qa"],
    ),
    (
        1,
        "政务公开处",
        "plan",
        "2017-04-06",
        12,
        "江岭市全面推进政务公开工作实施方案",
        ["政务公开"],
        ["graphic"],
    ),
    (
        1,
        "秘书处",
        "policy",
        "2018-05-30",
        33,
        "关于优化营商环境的若干措施",
        ["营商环境", "惠企政策"],
        ["text", "qa", "expert"],
    ),
    (
        1,
        "督查处",
        "report",
        "2019-03-28",
        None,
        "江岭市人民政府2018年政府信息公开工作年度报告",
        ["年度报告"],
        [],
    ),
    (
        1,
        "政务公开处",
        "normative",
        "2020-10-16",
        18,
        "江岭市政策解读工作规定",
        ["政策解读", "三同步"],
        ["text", "official"],
    ),
    (
        1,
        "秘书处",
        "notice",
        "2021-12-09",
        47,
        "关于做好元旦春节期间安全生产工作的通知",
        ["安全生产"],
        [],
    ),
    (
        1,
        "政务公开处",
        "normative",
        "2022-08-22",
        25,
        "江岭市政务公开标准目录管理办法",
        ["标准目录", "基层政务公开"],
        ["graphic", "qa"],
    ),
    (
        1,
        "督查处",
        "plan",
        "2023-02-14",
        8,
        "江岭市2023年优化营商环境重点任务清单",
        ["营商环境"],
        [],
    ),
    (
        1,
        "政务公开处",
        "policy",
        "2024-06-18",
        29,
        "關於推進政務公開標準化規範化工作的實施意見",
        ["政務公開", "標準化"],
        ["text"],
    ),
    (
        1,
        "秘书处",
        "normative",
        "2025-09-05",
        31,
        "江岭市政策文件统一登记和清理办法",
        ["统一登记", "文件清理"],
        ["qa"],
    ),
    (
        1,
        "政务公开处",
        "report",
        "2026-03-20",
        None,
        "江岭市人民政府2025年政府信息公开工作年度报告",
        ["年度报告"],
        [],
    ),
    (
        2,
        "就业促进处",
        "normative",
        "2014-07-15",
        13,
        "江岭市高校毕业生就业见习管理办法",
        ["就业见习", "高校毕业生"],
        ["text"],
    ),
    (
        2,
        "社会保险处",
        "policy",
        "2016-03-09",
        6,
        "关于阶段性降低社会保险费率的通知",
        ["社会保险", "降费减负"],
        ["qa"],
    ),
    (
        2,
        "就业促进处",
        "plan",
        "2019-08-27",
        15,
        "江岭市职业技能提升行动实施方案（2019—2021年）",
        ["职业技能", "培训补贴"],
        ["graphic"],
    ),
    (
        2,
        "社会保险处",
        "normative",
        "2021-04-23",
        10,
        "江岭市灵活就业人员参加职工基本养老保险办法",
        ["养老保险", "灵活就业"],
        ["text", "qa"],
    ),
    (
        2,
        "就业促进处",
        "notice",
        "2022-11-30",
        22,
        "关于做好2023年春季招聘活动的通知",
        ["招聘", "就业服务"],
        [],
    ),
    (
        2,
        "社会保险处",
        "report",
        "2024-01-25",
        None,
        "江岭市人力资源和社会保障局2023年政府信息公开工作年度报告",
        ["年度报告"],
        [],
    ),
    (
        2,
        "就业促进处",
        "normative",
        "2025-12-12",
        19,
        "江嶺市創業擔保貸款實施辦法",
        ["創業擔保貸款", "就業創業"],
        ["official", "qa"],
    ),
    (
        2,
        "社会保险处",
        "policy",
        "2026-08-03",
        14,
        "关于提高城乡居民基础养老金标准的通知",
        ["养老保险", "民生保障"],
        ["text"],
    ),
]

# Paragraph material per topic family; the body is built from these and the title.
_OPENINGS = {
    "rule": "为了规范{subject}工作，保障公民、法人和其他组织依法获取政府信息，根据有关法律、法规，结合本市实际，制定本规定。",
    "normative": "为规范{subject}工作，保障公民、法人和其他组织的合法权益，根据有关法律法规，结合本市实际，制定本办法。",
    "policy": "为贯彻落实上级决策部署，推动{subject}工作取得实效，现提出如下意见。",
    "plan": "为做好{subject}工作，明确目标任务和责任分工，制定本方案。",
    "report": "本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等内容。",
    "notice": "为切实做好{subject}相关工作，现将有关事项通知如下。",
}
_ARTICLES = [
    "本市行政区域内的{subject}工作，适用本规定。各有关部门按照职责分工，做好相关工作。",
    "市级主管部门负责统筹协调和监督指导；区（县）主管部门负责本辖区内的具体实施。",
    "实施过程中应当坚持依法依规、公开透明、便民高效的原则，主动接受社会监督。",
    "有关单位应当建立工作台账，明确责任人和完成时限，按季度报送工作进展情况。",
    "对工作中表现突出的单位和个人予以通报表扬；对推诿拖延、弄虚作假的，依法依规追究责任。",
    "本文件由起草部门负责解释，自印发之日起施行。",
]


def _subject(spec) -> str:
    return spec[6][0]


def _body(spec) -> str:
    doc_type, subject = spec[2], _subject(spec)
    paragraphs = [_OPENINGS[doc_type].format(subject=subject)]
    if doc_type == "report":
        paragraphs += [
            "一、总体情况。本年度坚持以公开为常态、不公开为例外，持续深化重点领域信息公开。",
            "二、主动公开政府信息情况。本年度制发规范性文件若干件，均已按规定公开并同步解读。",
            "三、收到和处理政府信息公开申请情况。依申请公开均在法定期限内答复。",
            "四、存在的主要问题及改进情况。政策解读形式仍较单一，下一步将增加图解和问答。",
        ]
    else:
        numbers = "一二三四五六"
        paragraphs += [
            f"第{numbers[i]}条　{text.format(subject=subject)}" for i, text in enumerate(_ARTICLES)
        ]
    return "\n".join(paragraphs)


def _doc_number(agency: dict, spec) -> str:
    serial = spec[4]
    if serial is None:
        return ""
    if spec[2] == "rule":  # a rule is promulgated by the government's order (政府令)
        return f"江岭市人民政府令第{serial}号"
    year = spec[3][:4]
    suffix = "规" if spec[2] == "normative" else ""
    return f"{agency['short_name']}{suffix}〔{year}〕{serial}号"


def _interpretation(spec, form: str, position: int) -> dict:
    title, subject = spec[5], _subject(spec)
    base = {"form": form, "stage": "synchronous"}
    if form == "graphic":
        return {**base, "title": f"一图读懂《{title}》", "body": f"用图解说明{subject}的主要内容。"}
    if form == "qa":
        return {
            **base,
            "title": f"《{title}》问答",
            "qa": [
                {
                    "question": f"{subject}工作由哪个部门负责？",
                    "answer": "由市级主管部门统筹协调，区（县）主管部门负责具体实施和日常监督。",
                },
                {"question": "文件从什么时候开始施行？", "answer": "自印发之日起施行。"},
                {
                    "question": "遇到问题可以向哪里咨询？",
                    "answer": "可通过政策留言板，或起草处室公布的咨询电话、电子邮箱咨询。",
                },
            ],
        }
    interpreter = {
        "official": ("主要负责人", "局长"),
        "expert": ("特邀专家", "江岭大学公共管理学院教授"),
    }.get(form, ("起草处室", ""))
    return {
        **base,
        "title": f"《{title}》解读" + ("" if position == 0 else f"（{interpreter[0]}）"),
        "interpreter_name": interpreter[0],
        "interpreter_title": interpreter[1],
        "sections": [
            {
                "kind": "background",
                "text": f"近年来，{subject}工作面临新情况新要求，有必要制定本文件。",
            },
            {
                "kind": "main_content",
                "text": "文件共六条，明确了适用范围、职责分工、工作原则和责任追究。",
            },
            {"kind": "benefits", "text": "文件施行后，办事程序更加清晰，群众和企业办事更加便利。"},
            {"kind": "changes", "text": "与原有规定相比，新增了台账管理和季度报送要求。"},
        ],
    }


def policy_records() -> list[dict]:
    """The demo policies as importer records (one dict per JSON line)."""
    records = []
    for spec in POLICIES:
        agency = AGENCIES[spec[0]]
        records.append(
            {
                "title": spec[5],
                "doc_number": _doc_number(agency, spec),
                "agency": agency["name"],
                "division": spec[1],
                "doc_type": spec[2],
                "issued_on": spec[3],
                "topics": spec[6],
                "summary": f"本文件对{_subject(spec)}工作作出规定。",
                "body": _body(spec),
                "interpretations": [
                    _interpretation(spec, form, i) for i, form in enumerate(spec[7])
                ],
            }
        )
    return records
