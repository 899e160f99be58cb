"""The shapes of the public API: query parameters in, JSON out (and so the OpenAPI schema)."""

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from cms.api.errors import register_choices
from cms.rules.doc_types import DocType
from interpretations.choices import Form, Section, Stage

# Database ids are 64-bit; a larger number is a bad parameter, not an overflow (500).
MAX_ID = 2**63 - 1
MAX_PAGE_SIZE = 100

DocTypeValue = Literal[tuple(DocType.values)]
FormValue = Literal[tuple(Form.values)]
StageValue = Literal[tuple(Stage.values)]
SectionValue = Literal[tuple(Section.values)]
Ordering = Literal["-issued_on", "issued_on", "-published_at", "published_at"]
for _enum in (DocType, Form, Stage, Section):
    register_choices(_enum.choices)  # an invalid value's error names each value's label
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value):
    # Pydantic also reads "0" or "1700000000" as a Unix time; a date here is YYYY-MM-DD.
    if isinstance(value, str) and not ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_format", "expected YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


class PolicyFilters(Schema):
    agency: Id | None = Field(None, description="发文机关 id")
    division: Id | None = Field(None, description="起草处室 id")
    doc_type: DocTypeValue | None = Field(None, description="文件类型")
    topic: str | None = Field(None, max_length=100, description="主题")
    issued_from: IsoDate | None = Field(None, description="成文日期起（含）")
    issued_to: IsoDate | None = Field(None, description="成文日期止（含）")
    year: int | None = Field(None, ge=1900, le=2200, description="成文年份")
    ordering: Ordering = Field("-issued_on", description="排序，前缀 - 为倒序")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class NamedRef(Schema):
    id: int
    name: str


class InterpretationRef(Schema):
    id: int
    title: str
    form: FormValue
    stage: StageValue
    url: str


class PolicyItem(Schema):
    id: int
    title: str
    doc_number: str
    index_number: str | None
    agency: NamedRef
    division: NamedRef
    doc_type: DocTypeValue
    topics: list[str]
    issued_on: date
    published_at: datetime | None
    url: str = Field(description="公开页面地址")
    api_url: str
    summary: str
    interpretations: list[InterpretationRef]
    badges: list[str] = Field([], description="插件在列表中标注的状态，如“已废止”")


class PolicyList(Schema):
    total: int
    page: int
    page_size: int
    num_pages: int
    items: list[PolicyItem]


class Attachment(Schema):
    title: str
    size: int | None = Field(description="字节数")
    url: str


class PolicyNoteOut(Schema):
    plugin: str = Field(description="记录此说明的插件")
    kind: str = Field(description="说明的种类，由插件定义，如 consultation")
    text: str = Field(description="说明文字，如“本文件曾于…公开征求意见…”")
    url: str = Field(description="相关公开页面地址，如意见采纳情况反馈；没有时为空")
    link_text: str
    citation: str = Field(description="解读引用时的名称，如“《…》意见采纳情况反馈”")


class PolicyDetail(PolicyItem):
    body: str = Field(description="正文，已清理的 HTML")
    attachments: list[Attachment]
    footnote: str = Field(description="公开属性说明，如“此件公开发布”")
    notes: list[PolicyNoteOut] = Field(
        [], description="插件记录的说明，如公开征求意见及意见采纳情况"
    )
    plugins: dict[str, dict[str, Any]] = Field(description="插件附加的字段，按插件名分组")


class SectionBlock(Schema):
    type: Literal["section"]
    kind: SectionValue
    heading: str
    html: str


class QuestionBlock(Schema):
    type: Literal["qa"]
    question: str
    html: str


class FigureBlock(Schema):
    type: Literal["figure"]
    image: str | None
    alt: str
    caption: str


class VideoBlock(Schema):
    type: Literal["video"]
    url: str
    caption: str


class ParagraphBlock(Schema):
    type: Literal["paragraph"]
    html: str


Block = Annotated[
    SectionBlock | QuestionBlock | FigureBlock | VideoBlock | ParagraphBlock,
    Field(discriminator="type"),
]


class PolicyRef(Schema):
    id: int
    title: str
    doc_number: str
    url: str
    api_url: str


class InterpretationDetail(InterpretationRef):
    api_url: str
    summary: str
    interpreter_name: str
    interpreter_title: str
    published_at: datetime | None
    sections: list[Block]
    policy: PolicyRef


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    region: str
    divisions: list[NamedRef]


class TopicOut(Schema):
    name: str
    count: int = Field(description="公开政策文件数")
