"""An interpretation body with every block type, each block carrying its own words.

Every block holds a word found nowhere else (for search) and a classification marking of
its own (for the confidentiality review), so a test can tell which block reached which
reader. The pages are saved and then read back: from the database and from the latest
revision, never used as built (a StreamField read back is not the list it was built from).
"""

from dataclasses import dataclass
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.rich_text import RichText

from interpretations.choices import Section


@dataclass(frozen=True)
class Block:
    type: str  # the block type in the StreamField
    word: str  # found in this block only
    marking: str  # a classification marking found in this block only
    kind: str = ""  # the section kind, for sections
    heading: str = ""  # the Chinese heading the public reads, for sections


# Nine section kinds, then the other four block types. The words are pairs of
# characters the rest of the text never contains.
_WORDS = ["鹦鹉", "骆驼", "海豚", "松鼠", "熊猫", "孔雀", "刺猬", "河马", "斑马", "袋鼠", "企鹅"]
_MORE = ["猎豹", "蜻蜓"]
_HEADINGS = {
    "background": "背景依据",
    "objectives": "目标任务",
    "main_content": "主要内容",
    "scope": "适用范围",
    "standards": "执行标准",
    "attention": "注意事项",
    "key_terms": "关键词诠释",
    "benefits": "惠民利企措施",
    "changes": "新旧政策差异",
}

BLOCKS = [
    *(
        Block("section", word, f"秘密★{n}年", kind=kind, heading=_HEADINGS[kind])
        for n, (word, kind) in enumerate(zip(_WORDS, Section.values, strict=False), start=1)
    ),
    Block("qa", _WORDS[9], "机密★10年"),
    Block("figure", _WORDS[10], "机密★11年"),
    Block("video", _MORE[0], "机密★12年"),
    Block("paragraph", _MORE[1], "绝密★13年"),
]


VIDEO_URL = "https://video.example.gov.cn/1.mp4"


def _image() -> Image:
    buffer = BytesIO()
    PILImage.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    image = Image(title="图解", file=ImageFile(buffer, name="figure.png"))
    image.save()
    return image


def body_of(blocks=BLOCKS) -> list:
    """The StreamField value of `blocks`, in the form an editor's save produces."""
    body = []
    for block in blocks:
        text = f"本段说明{block.word}的有关要求。"
        if block.type == "section":
            body.append(
                (
                    "section",
                    {
                        "kind": block.kind,
                        "heading": "",
                        "text": RichText(f"<p>{text}</p><p>{block.marking}</p>"),
                    },
                )
            )
        elif block.type == "qa":
            body.append(
                (
                    "qa",
                    {
                        "question": f"{block.word}怎样办理？",
                        "answer": RichText(f"<p>{text}</p><p>{block.marking}</p>"),
                    },
                )
            )
        elif block.type == "figure":
            body.append(("figure", {"image": _image(), "caption": f"{text}{block.marking}"}))
        elif block.type == "video":
            body.append(
                (
                    "video",
                    {"url": VIDEO_URL, "caption": f"{text}{block.marking}"},
                )
            )
        else:
            body.append(("paragraph", RichText(f"<p>{text}</p><h3>{block.marking}</h3>")))
    return body


def save_bundle(make_policy, make_interpretation, drafter) -> tuple[int, int]:
    """A normative policy draft and its synchronous interpretation with every block type,
    saved as a revision. Returns the ids; tests read the pages back themselves."""
    policy = make_policy(
        "关于动物园统计调查的办法", live=False, doc_type="normative", owner=drafter
    )
    interpretation = make_interpretation(
        policy,
        "《关于动物园统计调查的办法》解读",
        live=False,
        stage="synchronous",
        owner=drafter,
        body=body_of(),
    )
    return policy.pk, interpretation.pk
