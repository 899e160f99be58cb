"""The demo's policy specs (cms.demo.content) expanded into the JSON Lines records that
`cms.importing.importer` takes: a body from the title and its topic family, a document
number, and the interpretations each spec asks for."""

from cms.demo.content import AGENCIES, POLICIES

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
