"""The structured body of an interpretation."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .choices import Section

RICH_FEATURES = ["bold", "italic", "ol", "ul", "link", "h3", "h4"]


class SectionBlock(blocks.StructBlock):
    """One of the sections an interpretation explains (background, scope, …)."""

    kind = blocks.ChoiceBlock(choices=Section.choices, label=_("section"))
    heading = blocks.CharBlock(
        required=False,
        max_length=100,
        label=_("heading"),
        help_text=_("Defaults to the section name."),
    )
    text = blocks.RichTextBlock(features=RICH_FEATURES, label=_("text"))

    class Meta:
        icon = "doc-full"
        label = _("Section")
        template = "interpretations/blocks/section.html"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300, label=_("question"))
    answer = blocks.RichTextBlock(features=RICH_FEATURES, label=_("answer"))

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
    paragraph = blocks.RichTextBlock(features=RICH_FEATURES, label=_("Paragraph"), icon="pilcrow")
