"""The structured body of an interpretation."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from interpretations.choices import Section
from interpretations.text import plain_text

RICH_FEATURES = ["bold", "italic", "ol", "ul", "link", "h3", "h4"]


class RichTextBlock(blocks.RichTextBlock):
    """Rich text whose searchable content keeps one line per paragraph, as printed: the
    confidentiality review looks for markings standing alone on a line."""

    def get_searchable_content(self, value):
        return [plain_text(value.source)] if self.search_index else []


class SectionValue(blocks.StructValue):
    @property
    def heading_text(self) -> str:
        """The editor's heading, or the section's name (背景依据, 主要内容 …)."""
        return self.get("heading") or str(dict(Section.choices).get(self["kind"], self["kind"]))

    @property
    def block_label(self) -> str:
        """How the confidentiality review names this block: by its section's name."""
        return self.heading_text


class SectionBlock(blocks.StructBlock):
    """One of the sections an interpretation explains (background, scope, …)."""

    kind = blocks.ChoiceBlock(choices=Section.choices, label=_("section"))
    heading = blocks.CharBlock(
        required=False,
        max_length=100,
        label=_("heading"),
        help_text=_("Defaults to the section name."),
    )
    text = RichTextBlock(features=RICH_FEATURES, label=_("text"))

    def get_searchable_content(self, value):
        """The section's name, heading and text; an empty section (no heading, no text)
        publishes nothing, and a kind not chosen is no text (not its "- 请选择 -"), so
        neither counts toward an interpretation's minimum (bundle rule 1)."""
        heading = value.get("heading") or ""
        text = [t for t in self.child_blocks["text"].get_searchable_content(value.get("text")) if t]
        if not heading.strip() and not "".join(text).strip():
            return []
        name = dict(Section.choices).get(value.get("kind"))
        return [*([str(name)] if name else []), *([heading] if heading else []), *text]

    class Meta:
        icon = "doc-full"
        label = _("Section")
        value_class = SectionValue
        template = "interpretations/blocks/section.html"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300, label=_("question"))
    answer = RichTextBlock(features=RICH_FEATURES, label=_("answer"))

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "interpretations/blocks/qa.html"


class FigureBlock(blocks.StructBlock):
    """An image of a graphic interpretation (图解), shown as a rendition."""

    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(required=False, max_length=200, label=_("caption"))

    class Meta:
        icon = "image"
        label = _("Figure")
        template = "interpretations/blocks/figure.html"


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("video address"))
    caption = blocks.CharBlock(required=False, max_length=200, label=_("caption"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "interpretations/blocks/video.html"


class InterpretationBodyBlock(blocks.StreamBlock):
    section = SectionBlock()
    qa = QuestionAnswerBlock()
    figure = FigureBlock()
    video = VideoBlock()
    paragraph = RichTextBlock(features=RICH_FEATURES, label=_("Paragraph"), icon="pilcrow")
