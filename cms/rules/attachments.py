"""An attachment as its link names it: the title, then the file's format and size
（PDF，1.2 MB）, so a reader knows what a tap opens and what it costs to download before
tapping (testers read the bare file name as not enough)."""

from pathlib import PurePosixPath

from django.utils.translation import gettext as _

_UNITS = ("KB", "MB", "GB")


def size_text(size: int) -> str:
    """``size`` bytes as a reader counts them: 812 B, 35 KB, 1.2 MB (one decimal below 10
    of a unit, as 1.2 MB; none from 10, as 35 KB)."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            break
    return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"


def file_label(file_name: str, size: int | None) -> str:
    """（PDF，1.2 MB） for a file of that name and size; the part not known is left out
    (no extension, a file whose size cannot be read), and with neither, ""."""
    suffix = PurePosixPath(file_name or "").suffix.lstrip(".").upper()
    size_part = size_text(size) if size is not None else ""
    if suffix and size_part:
        return _("(%(format)s, %(size)s)") % {"format": suffix, "size": size_part}
    if suffix or size_part:
        return _("(%(format_or_size)s)") % {"format_or_size": suffix or size_part}
    return ""
