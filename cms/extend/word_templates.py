"""Word templates code registers (hook ``word_templates``): a key, a label, the default
.docx shipped in the registering package, and help on the fields the template may use.

Administrators replace a default with their own edited copy (Settings → Word 模板,
``cms.models.word_templates``); ``render_word`` fills whichever is in force with docxtpl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class WordTemplateSpec:
    """A Word template code renders: ``key`` names it everywhere (``<plugin>.<what>``,
    ``disclosure_requests.reply``), ``label`` names it to administrators, ``default_path``
    is the .docx used until one is uploaded, and ``fields_help`` is ``[(placeholder,
    meaning), …]``, shown beside the upload (``{{ applicant_name }}``, 申请人姓名)."""

    key: str
    label: str
    default_path: Path | str
    fields_help: list[tuple[str, str]] = field(default_factory=list)


class WordTemplateError(Exception):
    """A Word template that cannot be rendered; ``str(error)`` is the Chinese message for
    the user (which template, and what is wrong with it)."""


# The core's own templates (the annual disclosure report), registered when the apps are
# ready; a plugin cannot take their keys.
_core: dict[str, WordTemplateSpec] = {}


def register_core(spec: WordTemplateSpec) -> None:
    """Register a Word template of the core (its key prefixed ``cms.``)."""
    _core[spec.key] = spec


def core_templates() -> dict[str, WordTemplateSpec]:
    return dict(_core)
