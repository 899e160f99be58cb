"""Word templates administrators may edit (Settings → Word 模板), and rendering them.

Code registers each template with a default .docx (hook ``word_templates``,
``cms.extend.word_templates``). An administrator may upload an edited copy, kept in the
private storage; ``render_word`` fills the upload if there is one, else the default,
with docxtpl. A file that is not a Word document, or whose placeholders do not parse or
name fields the template does not offer, is refused at upload; a template that fails to
render later raises ``WordTemplateError`` with a Chinese message, never a server error.
"""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jinja2 import ChainableUndefined
from jinja2.sandbox import SandboxedEnvironment
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, Panel

from cms.extend import plugin_manager
from cms.extend.word_templates import WordTemplateError, WordTemplateSpec, core_templates

logger = logging.getLogger(__name__)

MAX_UPLOAD_SIZE = 10 * 1024 * 1024


def private_files():
    """The private storage (``STORAGES["private"]``), as a callable so the migration
    names this function rather than the folder or bucket of one installation."""
    return storages["private"]


def specs() -> dict[str, WordTemplateSpec]:
    """The registered Word templates by key (the core's and the plugins'), in the order
    of their labels."""
    found = {**plugin_manager.word_templates(), **core_templates()}
    return dict(sorted(found.items(), key=lambda item: str(item[1].label)))


def _environment() -> SandboxedEnvironment:
    """A template is an administrator's file, not code: the sandbox keeps its
    placeholders from reaching Python's internals. Values are escaped for Word's XML, and
    a missing field (or a field of one) renders empty rather than failing the letter."""
    return SandboxedEnvironment(autoescape=True, undefined=ChainableUndefined)


def _render(source, context: dict[str, Any]) -> bytes:
    # Imported here: docxtpl (with python-docx and lxml) only for the requests that render.
    from docxtpl import DocxTemplate

    template = DocxTemplate(source)
    template.render(context, jinja_env=_environment())
    output = io.BytesIO()
    template.save(output)
    return output.getvalue()


def check_template(data: bytes, spec: WordTemplateSpec | None) -> None:
    """Refuse, with a Chinese ValidationError, a file that is not a .docx Word document,
    whose placeholders do not parse, that names a field ``spec`` does not offer, or that
    fails to render with no data at all."""
    # Imported here, as in _render.
    from docx import Document
    from docxtpl import DocxTemplate

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationError(
            _(
                "This file is not a Word document in .docx format. An old .doc or .wps "
                "file must first be saved as .docx (Word: File → Save As → Word 文档)."
            )
        )
    try:
        Document(io.BytesIO(data))
    except Exception as error:
        raise ValidationError(
            _("This file cannot be opened as a Word document (.docx): %(error)s") % {"error": error}
        ) from error
    try:
        names = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(
            jinja_env=_environment()
        )
        _render(io.BytesIO(data), {})
    except Exception as error:
        raise ValidationError(
            _("The placeholders of this template are not valid: %(error)s") % {"error": error}
        ) from error
    offered = {name.split(".")[0] for name, _meaning in spec.fields_help} if spec else set()
    unknown = sorted(names - offered) if offered else []
    if unknown:
        raise ValidationError(
            _(
                "This template uses fields that do not exist: %(fields)s. Use only the "
                "fields listed on this page."
            )
            % {"fields": "、".join(unknown)}
        )


def _spec(key: str) -> WordTemplateSpec:
    try:
        return specs()[key]
    except KeyError:
        raise LookupError(f"no Word template is registered as {key!r}") from None


def render_word(key: str, context: dict[str, Any]) -> bytes:
    """The .docx of the Word template registered as ``key`` filled with ``context``: the
    administrator's upload if there is one, else the registered default.

    Raises ``WordTemplateError`` (its text a Chinese message naming the template) when the
    template cannot be read or rendered, and ``LookupError`` for a key no enabled plugin
    registers, which is a programming error."""
    spec = _spec(key)
    uploaded = WordTemplate.objects.filter(key=key).first()
    try:
        if uploaded is None:
            return _render(spec.default_path, context)
        with uploaded.file.open("rb") as stored:
            source = io.BytesIO(stored.read())
        return _render(source, context)
    except Exception as error:
        logger.warning("Word template %s failed to render", key, exc_info=True)
        if uploaded is None:
            message = _("The default Word template “%(label)s” cannot be rendered: %(error)s")
        else:
            message = _(
                "The Word template “%(label)s” uploaded under Settings → Word templates "
                "cannot be rendered: %(error)s. Correct it there, or delete it to use the default."
            )
        raise WordTemplateError(message % {"label": spec.label, "error": error}) from error


def default_template(key: str) -> tuple[Path, str]:
    """The registered default of ``key`` and the file name to download it as."""
    spec = _spec(key)
    return Path(spec.default_path), _("%(label)s (default).docx") % {"label": spec.label}


class WordTemplateForm(WagtailAdminModelForm):
    """The key as a choice of the registered templates."""

    key = forms.ChoiceField(
        label=gettext_lazy("template"),
        choices=lambda: [(key, spec.label) for key, spec in specs().items()],
    )


class TemplateGuidePanel(Panel):
    """The registered templates: their fields, a download of each default to start
    editing from, and of the file uploaded here."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/word_templates.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["specs"] = [
                (spec, reverse("policy_cms_word_template_default", args=[key]))
                for key, spec in specs().items()
            ]
            if self.instance.pk and self.instance.file:
                context["uploaded_url"] = reverse(
                    "policy_cms_word_template_file", args=[self.instance.pk]
                )
            return context


class WordTemplate(models.Model):
    """An administrator's edited copy of a registered Word template, which replaces the
    default from its upload until it is deleted."""

    key = models.CharField(gettext_lazy("template"), max_length=100, unique=True)
    title = models.CharField(
        gettext_lazy("title"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy(
            "What this version is, e.g. 2026年修订版. Empty: the template's name."
        ),
    )
    file = models.FileField(
        gettext_lazy("Word file (.docx)"),
        upload_to="word-templates/",
        storage=private_files,
        validators=[FileExtensionValidator(["docx"])],
        help_text=gettext_lazy(
            "Download the default below, edit it in Word or WPS keeping the {{ … }} "
            "placeholders, and upload it here."
        ),
    )
    updated_at = models.DateTimeField(gettext_lazy("updated at"), auto_now=True)

    base_form_class = WordTemplateForm
    panels = [
        FieldPanel("key"),
        FieldPanel("title"),
        # Without Django's “currently” link: a private file has no address.
        FieldPanel("file", widget=forms.FileInput(attrs={"accept": ".docx"})),
        TemplateGuidePanel(),
    ]

    class Meta:
        verbose_name = gettext_lazy("Word template")
        verbose_name_plural = gettext_lazy("Word templates")
        ordering = ["key"]

    def __str__(self):
        return self.title or self.label

    @property
    def label(self) -> str:
        """The registered template's name, or its key when no enabled plugin has it."""
        spec = specs().get(self.key)
        return str(spec.label) if spec else self.key

    def clean(self):
        super().clean()
        spec = specs().get(self.key)
        if not self.title and spec:
            self.title = str(spec.label)
        upload = self.file
        if upload and not upload._committed:  # a new file in this form
            if upload.size > MAX_UPLOAD_SIZE:
                raise ValidationError({"file": _("A Word template may be at most 10 MB.")})
            upload.seek(0)
            data = upload.read()
            upload.seek(0)
            try:
                check_template(data, spec)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error
