"""Document types, and which of them need an interpretation published with them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    RULE = "rule", _("Departmental rule")  # 规章, made under the Legislation Law
    NORMATIVE = "normative", _("Normative document")
    POLICY = "policy", _("Policy document")
    PLAN = "plan", _("Plan")
    REPORT = "report", _("Report")
    NOTICE = "notice", _("Notice")


# 行政规范性文件 need an interpretation by default; POLICY_INTERPRETATION_REQUIRED overrides.
DEFAULT_INTERPRETATION_REQUIRED = frozenset({DocType.NORMATIVE})


def interpretation_required(doc_type: str) -> bool:
    """Whether a policy of this doc type must be submitted with a synchronous interpretation."""
    required = getattr(settings, "POLICY_INTERPRETATION_REQUIRED", None)
    if required is None:
        required = DEFAULT_INTERPRETATION_REQUIRED
    return doc_type in required
