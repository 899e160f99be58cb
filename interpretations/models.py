"""The interpretation page (政策解读), a child of exactly one policy."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from interpretations.blocks import InterpretationBodyBlock
from interpretations.choices import STAGE_ORDER, Form, Stage
from interpretations.rules import (
    InterpretationPermissionTester,
    follow_up_errors,
    follow_up_workflow,
)
from interpretations.text import normalize_fields, plain_text


class InterpretationQuerySet(PageQuerySet):
    def in_stage_order(self):
        """Synchronous interpretations first, then follow-ups, then briefings; oldest first."""
        rank = Case(
            *(When(stage=stage, then=Value(i)) for i, stage in enumerate(STAGE_ORDER)),
            output_field=IntegerField(),
        )
        return self.annotate(stage_rank=rank).order_by("stage_rank", "first_published_at", "pk")


InterpretationManager = PageManager.from_queryset(InterpretationQuerySet)
STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGE_ORDER)}
FORM_LABELS, STAGE_LABELS = dict(Form.choices), dict(Stage.choices)


def stage_order(stage, first_published_at, pk) -> tuple:
    """``InterpretationQuerySet.in_stage_order`` of interpretations already read, to sort
    them here (an unknown stage and a page never published last, as PostgreSQL orders)."""
    rank = STAGE_RANK.get(stage, len(STAGE_RANK))
    return rank, first_published_at is None, first_published_at or 0, pk


def stage_order_key(interpretation) -> tuple:
    """``stage_order`` of an interpretation page."""
    return stage_order(interpretation.stage, interpretation.first_published_at, interpretation.pk)


class InterpretationPage(Page):
    form = models.CharField(_("form"), max_length=20, choices=Form.choices, default=Form.TEXT)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.SYNCHRONOUS
    )
    interpreter_name = models.CharField(_("interpreter"), max_length=100, blank=True)
    interpreter_title = models.CharField(_("interpreter's title"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    body = StreamField(InterpretationBodyBlock(), verbose_name=_("body"), blank=True)

    objects = InterpretationManager()
    # base_form_class is interpretations.forms.InterpretationPageForm, set when the app is
    # ready (as wagtail.admin sets Page's).

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("form"), FieldPanel("stage")]),
        FieldRowPanel([FieldPanel("interpreter_name"), FieldPanel("interpreter_title")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    # As the policy's: the admin autocompletes titles; the public search has the text.
    search_fields = [
        *Page.search_fields,
        index.FilterField("stage"),
        index.FilterField("form"),
    ]

    parent_page_types = ["cms.PolicyPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("interpretation")
        verbose_name_plural = _("interpretations")

    # What Django's get_FOO_display answers, looked up in the choices' labels: Django's own
    # builds a dict of every choice, translating each label to hash it, on every call
    # (a policy's page shows both of each interpretation it lists).
    def get_form_display(self):
        return force_str(FORM_LABELS.get(self.form, self.form), strings_only=True)

    def get_stage_display(self):
        return force_str(STAGE_LABELS.get(self.stage, self.stage), strings_only=True)

    @property
    def policy(self):
        """The one policy this interpretation explains: its parent page, read once per
        object, as its own type in one query."""
        parent_path = self.path[: -self.steplen] if self.path else ""
        policy = self.__dict__.get("_policy")
        if policy is None or policy.path != parent_path:
            models = self.allowed_parent_page_models()
            if parent_path and len(models) == 1:
                # A path is unique: one row at most, no order to build.
                policies = models[0]._default_manager.filter(path=parent_path).order_by()
                policy = next(iter(policies[:1]), None)
            if policy is None:
                policy = self.get_parent().specific
            self.__dict__["_policy"] = policy
        return policy

    def clean_fields(self, exclude=None):
        # Before the checks, so that a title of only invisible characters is blank.
        normalize_fields(self)
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        # Bundle rule 4 (docs/architecture.md#bundle-rules) at the lowest level: whatever
        # publishes it (an action that skips the permission check, the shell), a synchronous
        # interpretation never goes live before its policy. A bundle publishes the policy
        # first in the same transaction.
        if self.live and self.stage == Stage.SYNCHRONOUS and self.path:
            parent = self.get_parent()
            if (
                parent is not None
                and not type(parent).objects.filter(pk=parent.pk, live=True).exists()
            ):
                raise ValidationError(
                    _("A synchronous interpretation cannot be published before its policy.")
                )
        normalize_fields(self)
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.path else None
        errors = follow_up_errors(self, parent.specific if parent else None)
        if errors:
            raise ValidationError(errors)

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def get_workflow(self):
        # A synchronous interpretation is reviewed only inside its policy's bundle.
        if self.stage == Stage.SYNCHRONOUS:
            return None
        return follow_up_workflow()

    def permissions_for_user(self, user):
        return InterpretationPermissionTester(user, self)

    @property
    def status_string(self):
        """A synchronous interpretation stands where its bundle does in the page list: a
        scheduled or returned bundle, or withdrawn with its policy, not 草稿 (24.20). Its
        policy says which (``member_status_label``): the bundle is the core's."""
        if self.live or self.expired or self.stage != Stage.SYNCHRONOUS:
            return super().status_string
        parent = self.get_parent()
        label = parent.specific.member_status_label(self) if parent else None
        return label or super().status_string

    def first_paragraph(self) -> str:
        """The plain text of the body's first paragraph (the description without a
        summary)."""
        for block in self.body:
            if block.block_type == "paragraph":
                text = plain_text(
                    str(block.value.source if hasattr(block.value, "source") else block.value)
                )
                if text.strip():
                    return text.strip()
        return ""

    def article_tags(self) -> dict:
        """The interpretation's page tags: its policy's source and keywords, its own
        interpreter, summary and first figure (a 图解's)."""
        tags = self.policy.article_tags()
        figure = next((b.value for b in self.body if b.block_type == "figure"), None)
        return {
            **tags,
            "Keywords": [*tags.get("Keywords", []), "政策解读"],
            "Author": self.interpreter_name or tags.get("Author", ""),
            "Description": self.summary or self.search_description or self.first_paragraph(),
            "Image": figure["image"].file.url if figure and figure["image"] else "",
        }

    def take_policy_for(self, request) -> None:
        """Read ``policy`` as its type reads a policy for a public page (``public_at``:
        with SQL kept for the request's publication stamp), when it offers that."""
        parent_path = self.path[: -self.steplen] if self.path else ""
        kept = self.__dict__.get("_policy")
        if not parent_path or (kept is not None and kept.path == parent_path):
            return
        models = self.allowed_parent_page_models()
        public_at = getattr(models[0], "public_at", None) if len(models) == 1 else None
        if public_at is not None:
            policy = public_at(parent_path, request)
            if policy is not None:
                self.__dict__["_policy"] = policy

    def serve(self, request, *args, **kwargs):
        # An interpretation is public only while its policy is live and proactive (bundle
        # rules 4 and 7, docs/architecture.md#bundle-rules).
        self.take_policy_for(request)
        policy = self.policy
        if not policy.live or not policy.is_publicly_disclosed():
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The policy's agency and topics named in the page tags, from the values and the
        # SQL kept for the publication stamp (PolicyPage.take_agency_for, take_topics_for).
        for take in ("take_agency_for", "take_topics_for"):
            take_values = getattr(self.policy, take, None)
            if take_values is not None:
                take_values(request)
        return context
