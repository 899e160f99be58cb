"""The words that hold a comment for a moderator: the consultations' own list (setting
CONSULTATION_SENSITIVE_WORDS) and, while the message board is enabled, the site's list
its moderators keep (read through the app registry: plugins do not import each other)."""

from __future__ import annotations

from django.apps import apps

from plugins.consultation import conf


def listed_words() -> list[str]:
    words = [str(w).strip().lower() for w in conf.get("CONSULTATION_SENSITIVE_WORDS")]
    if apps.is_installed("plugins.messageboard"):
        board = apps.get_model("messageboard", "SensitiveWord")
        words += [w.strip().lower() for w in board.objects.values_list("word", flat=True)]
    return [w for w in dict.fromkeys(words) if w]


def sensitive_words(*texts: str) -> list[str]:
    """The listed words found in the texts, each once, matched case-insensitively."""
    lowered = [text.lower() for text in texts if text]
    return [word for word in listed_words() if any(word in text for text in lowered)]
