"""Pictures and attachments for the demo, drawn on the spot so nothing is downloaded."""

from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.images.models import Image


def chart_image(title: str, seed: int) -> Image:
    """A bar-chart picture for a graphic interpretation; reused if it exists."""
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", (800, 450), "white")
    draw = ImageDraw.Draw(canvas)
    draw.rectangle([0, 0, 799, 60], fill=(179, 32, 27))
    for i in range(6):
        height = 60 + (seed * 37 + i * 53) % 280
        left = 80 + i * 110
        draw.rectangle([left, 420 - height, left + 70, 420], fill=(26, 79, 156))
    draw.line([60, 420, 760, 420], fill="black", width=2)
    buffer = BytesIO()
    canvas.save(buffer, format="PNG")
    image = Image(title=title, file=ImageFile(buffer, name=f"demo-chart-{seed}.png"))
    image.save()
    return image


def text_document(title: str, text: str) -> Document:
    """A small text attachment; reused if it exists."""
    existing = Document.objects.filter(title=title).first()
    if existing:
        return existing
    document = Document(title=title)
    document.file.save("attachment.txt", ContentFile(text.encode("utf-8")), save=False)
    document.save()
    return document
