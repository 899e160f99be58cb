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
    document._set_document_file_metadata()  # its size and hash, as Wagtail's upload sets them
    document.save()
    return document


def badge_image() -> Image:
    """A stand-in for the 党政机关 identity badge (the real one comes with the site's
    registration): a red emblem drawn here; reused if it exists."""
    title = "党政机关标识（演示）"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", (120, 120), "white")
    draw = ImageDraw.Draw(canvas)
    draw.ellipse([4, 4, 115, 115], fill=(179, 32, 27))
    draw.polygon([(60, 22), (70, 50), (99, 50), (75, 68), (84, 96), (60, 79), (36, 96), (45, 68),
                  (21, 50), (50, 50)], fill=(255, 215, 0))  # fmt: skip
    buffer = BytesIO()
    canvas.save(buffer, format="PNG")
    image = Image(title=title, file=ImageFile(buffer, name="demo-badge.png"))
    image.save()
    return image
