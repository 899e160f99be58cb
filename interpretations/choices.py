"""The forms and stages of an interpretation (docs/domain.md §2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Form(models.TextChoices):
    TEXT = "text", pgettext_lazy("interpretation form", "Text")
    GRAPHIC = "graphic", _("Graphic")
    VIDEO = "video", _("Video")
    QA = "qa", _("Questions and answers")
    EXPERT = "expert", _("Expert interpretation")
    OFFICIAL = "official", _("Interpretation by the agency head")


class Stage(models.TextChoices):
    BRIEFING = "briefing", _("Briefing before publication")
    SYNCHRONOUS = "synchronous", _("Synchronous")
    FOLLOW_UP = "follow_up", _("Follow-up")


# Public pages list synchronous interpretations first, then follow-ups, then briefings.
STAGE_ORDER = [Stage.SYNCHRONOUS, Stage.FOLLOW_UP, Stage.BRIEFING]


class Section(models.TextChoices):
    BACKGROUND = "background", _("Background and basis")
    OBJECTIVES = "objectives", _("Objectives")
    MAIN_CONTENT = "main_content", _("Main content")
    SCOPE = "scope", _("Scope")
    STANDARDS = "standards", _("Standards of implementation")
    ATTENTION = "attention", _("Points of attention")
    KEY_TERMS = "key_terms", _("Key terms")
    BENEFITS = "benefits", _("Measures that benefit people and firms")
    CHANGES = "changes", _("Differences between the new and old policy")
