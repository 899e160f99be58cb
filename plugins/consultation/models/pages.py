"""The consultation (意见征集) as a Wagtail page, so that it goes through its own review
workflow before it opens, and its clauses."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.plugin_api import private_q
from plugins.consultation import conf


class Kind(models.TextChoices):
    """What the draft is; decides the shortest period (conf.min_days)."""

    MAJOR_DECISION = "major_decision", _("Major administrative decision")
    RULE = "rule", pgettext_lazy("consultation kind", "Rule")
    NORMATIVE = "normative", pgettext_lazy("consultation kind", "Normative document")
    OTHER = "other", pgettext_lazy("consultation kind", "Other document")


class Phase(models.TextChoices):
    """Where a live consultation stands, by the clock and its feedback."""

    UPCOMING = "upcoming", _("Not yet open")
    OPEN = "open", _("Open for comment")
    CLOSED = "closed", _("Closed, feedback pending")
    CONCLUDED = "concluded", _("Feedback published")


def public_consultations(stamp: tuple[int, int] | None = None):
    """Consultations the public may see: live (approved through their workflow) and not
    behind a view restriction. Drafts, those in review and withdrawn ones are never public.
    With a request's ``stamp``, the restrictions are those read for it."""
    if stamp is None:
        return ConsultationPage.objects.live().public()
    return ConsultationPage.objects.live().exclude(private_q(stamp))


class ConsultationIndexPage(Page):
    """The site's 意见征集 column: every consultation is a child of it, under the home page.

    Made by ``plugins.consultation.column.ensure_column``, which also assigns the
    consultations' review workflow to it; the home page does not offer it in the admin.
    """

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["consultation.ConsultationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("consultation column")

    def serve(self, request, *args, **kwargs):
        # The column is the public list (/consultations/), whichever way it is reached.
        from plugins.consultation.views import consultation_list

        return consultation_list(request)


# The column's own fixed pages (hooks.public_urls: /consultations/received/, /track/), which
# the URLconf serves before the page tree: a consultation with such a slug would never be
# reached, so the slugs are refused (as /messages/… has no page tree under it at all).
RESERVED_SLUGS = frozenset({"received", "track"})


class ConsultationPage(Page):
    """A draft published for comment: its 起草说明, its text split into clauses, its period
    and the channels through which the public may comment."""

    division = models.ForeignKey(
        "cms.Division",
        verbose_name=_("drafting division"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(
        pgettext_lazy("consultation", "kind of draft"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.OTHER,
    )
    opens_at = models.DateTimeField(_("open for comment from"))
    closes_at = models.DateTimeField(_("open for comment until"))
    # The 起草说明 (drafting explanation), in three parts as the rules name them.
    background = models.TextField(_("background"), max_length=5000, blank=True)
    basis = models.TextField(pgettext_lazy("consultation", "basis"), max_length=5000, blank=True)
    main_content = models.TextField(_("main content"), max_length=10000, blank=True)
    draft_text = models.TextField(
        _("draft text"),
        max_length=200000,
        help_text=_(
            "Plain text. Split into clauses by 第一条…, 一、(一)… or, when unnumbered, by "
            "paragraph; comments refer to the clauses."
        ),
    )
    # The online form is always a channel; these are the others the page names.
    channel_email = models.EmailField(_("e-mail for comments"), blank=True)
    channel_post = models.CharField(_("postal address for comments"), max_length=200, blank=True)
    channel_phone = models.CharField(_("telephone or fax"), max_length=50, blank=True)
    # The policy this draft became (linked when it is published).
    final_policy = models.ForeignKey(
        "cms.PolicyPage",
        verbose_name=_("final policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("division"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        MultiFieldPanel(
            [FieldPanel("background"), FieldPanel("basis"), FieldPanel("main_content")],
            heading=_("Drafting explanation (起草说明)"),
        ),
        FieldPanel("draft_text"),
        MultiFieldPanel(
            [FieldPanel("channel_email"), FieldPanel("channel_post"), FieldPanel("channel_phone")],
            heading=_("Other channels"),
        ),
        FieldPanel("final_policy"),
    ]

    parent_page_types = ["consultation.ConsultationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _(
                        "“%(slug)s” is the address of a page of the consultations column; "
                        "choose another slug."
                    )
                    % {"slug": self.slug}
                }
            )
        if self.opens_at and self.closes_at:
            if self.closes_at <= self.opens_at:
                raise ValidationError({"closes_at": _("The period must end after it begins.")})
            days = conf.min_days(self.kind)
            if self.closes_at - self.opens_at < timedelta(days=days):
                raise ValidationError(
                    {
                        "closes_at": _(
                            "A draft of this kind is open for comment at least %(days)s days."
                        )
                        % {"days": days}
                    }
                )

    def serve(self, request, *args, form=None, refusal="", status=200, **kwargs):
        """The page; a POST is a comment (views.comment_posted), which comes back here
        with its form when it has errors to show."""
        if request.method == "POST" and form is None:
            from plugins.consultation.views import comment_posted

            return comment_posted(request, self)
        response = super().serve(request, *args, form=form, refusal=refusal, **kwargs)
        response.status_code = status
        # Its phase follows the clock, not the publication stamp (views.consultation_list).
        add_never_cache_headers(response)
        return response

    def get_context(self, request, *args, form=None, refusal="", **kwargs):
        from plugins.consultation import intake, notes, public
        from plugins.consultation.forms import CommentForm

        context = super().get_context(request, *args, **kwargs)
        phase = self.phase()
        if not refusal:
            try:
                intake.check_open(self)
            except intake.NotOpen as error:
                refusal = str(error)
        if form is None and not refusal:
            form = CommentForm(self, initial={"clause": request.GET.get("clause", "")[:60]})
        context.update(
            phase=phase,
            clauses=public.clauses(self),
            comment_count=public.comment_count(self),
            form=None if refusal and form is None else form,
            refusal=refusal,
            feedback=(feedback := public.feedback(self)),
            feedback_totals=public.totals(feedback) if feedback else [],
            # 共收到意见 N 条，采纳…: the final policy's note says the same.
            feedback_counted=notes.counted_sentence(
                feedback["comment_count"],
                feedback["totals"]["adopted"],
                feedback["totals"]["partly"],
            )
            if feedback
            else "",
            final_policy=public.final_policy(self, request),
        )
        return context

    def permissions_for_user(self, user):
        from plugins.consultation.rights import ConsultationPermissionTester

        return ConsultationPermissionTester(user, self)

    @property
    def agency(self):
        return self.division.agency

    def article_tags(self) -> dict:
        """The page tags (网页标签) of the consultation, an article of its agency."""
        agency = self.division.agency.name
        return {
            "ContentSource": agency,
            "Author": agency,
            "Keywords": [agency, str(self.get_kind_display())],
            "Description": self.search_description or self.main_content or self.background,
        }

    def phase(self, now=None) -> Phase:
        """Upcoming, open, closed awaiting its feedback, or concluded."""
        now = now or timezone.now()
        if now < self.opens_at:
            return Phase.UPCOMING
        if now < self.closes_at:
            return Phase.OPEN
        feedback = getattr(self, "feedback", None)
        if feedback is not None and feedback.published_at is not None:
            return Phase.CONCLUDED
        return Phase.CLOSED

    def current_clauses(self):
        return self.clauses.filter(current=True).order_by("sort_order")


class Clause(models.Model):
    """A clause of the live draft. Its anchor stays when a redraft keeps its text, and a
    clause a redraft drops stays (not current) for the comments that refer to it."""

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="clauses"
    )
    anchor = models.CharField(_("anchor"), max_length=40)
    label = models.CharField(_("number"), max_length=40, blank=True)
    text = models.TextField(_("text"))
    sort_order = models.PositiveIntegerField(pgettext_lazy("consultation", "order"), default=0)
    current = models.BooleanField(_("in the current draft"), default=True)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "anchor"], name="consultation_clause_anchor"
            )
        ]

    def __str__(self):
        return self.label or self.text[:20]
