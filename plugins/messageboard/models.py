"""The message board's records: messages, their replies, the FAQ and the sensitive words.

How a message moves from state to state is not here: ``states.py`` holds every transition.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel

# new_tracking_code stays importable from here: the migrations name it as the default.
from cms.plugin_api import NormalizedText, new_tracking_code

# What the public sees: once published, a message stays public (with its approved replies)
# until hidden, also while a reopened one waits for its second reply.
PUBLIC = models.Q(published_at__isnull=False) & ~models.Q(state="hidden")


class Message(models.Model):
    """A question, suggestion or opinion from the public (政策留言)."""

    class Category(models.TextChoices):
        CONSULTATION = "consultation", _("Question")
        SUGGESTION = "suggestion", _("Suggestion")
        OPINION = "opinion", _("Opinion")

    class State(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("message state", "Received")
        ACCEPTED = "accepted", pgettext_lazy("message state", "Accepted")
        ASSIGNED = "assigned", pgettext_lazy("message state", "Assigned")
        ANSWERED = "answered", pgettext_lazy("message state", "Answered, awaiting approval")
        PUBLISHED = "published", pgettext_lazy("message state", "Published")
        REJECTED = "rejected", pgettext_lazy("message state", "Rejected")
        SPAM = "spam", pgettext_lazy("message state", "Spam")
        HIDDEN = "hidden", pgettext_lazy("message state", "Hidden")

    class RejectReason(models.TextChoices):
        DUPLICATE = "duplicate", _("Duplicate")
        ABUSE = "abuse", _("Abusive")
        OFF_TOPIC = "off_topic", _("Not about a policy")
        ADVERTISING = "advertising", _("Advertising")
        OTHER = "other", _("Other")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        FAIRLY = "fairly", _("Fairly satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    policy = models.ForeignKey(
        "cms.PolicyPage",
        verbose_name=_("policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    subject = models.CharField(pgettext_lazy("message board", "subject"), max_length=100)
    body = models.TextField(_("message"), max_length=2000)
    name = models.CharField(pgettext_lazy("message board", "name"), max_length=50)
    # Never shown to the public: only moderators and the answering division see it.
    contact = models.CharField(_("contact"), max_length=100)
    tracking_code = models.CharField(
        _("tracking code"), max_length=32, default=new_tracking_code, editable=False
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.RECEIVED
    )
    division = models.ForeignKey(
        "cms.Division",
        verbose_name=_("assigned division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(
        pgettext_lazy("message board", "received"), default=timezone.now, db_index=True
    )
    accepted_on = models.DateField(_("accepted"), null=True, blank=True)
    # The reply clock starts at acceptance, and again when a message is reopened.
    clock_from = models.DateField(
        pgettext_lazy("message board", "deadline counted from"), null=True, blank=True
    )
    due_on = models.DateField(
        pgettext_lazy("message board", "due"), null=True, blank=True, db_index=True
    )
    # Counted by the weekday rule in a year whose holidays were not yet known.
    due_provisional = models.BooleanField(_("provisional deadline"), default=False)
    extended_days = models.PositiveSmallIntegerField(_("days of extension"), default=0)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    reject_reason = models.CharField(
        _("reason for rejection"), max_length=20, choices=RejectReason.choices, blank=True
    )
    reject_note = models.CharField(_("note on the rejection"), max_length=200, blank=True)
    sensitive_words = models.JSONField(_("sensitive words found"), default=list, blank=True)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    reopened = models.BooleanField(_("reopened once"), default=False)
    reminded_on = models.DateField(_("reminded"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-received_at", "-pk"]
        # Both looked up by equality only: declared here, PostgreSQL gets no extra index
        # for LIKE that every message received would also have to fill.
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="messageboard_tracking_code")
        ]
        indexes = [
            models.Index(fields=["state"], name="messageboard_message_state"),
            # The public lists walk these newest first, a page deep, without sorting.
            models.Index(
                fields=["policy", "-published_at", "-id"],
                condition=PUBLIC,
                name="messageboard_public_by_policy",
            ),
            models.Index(
                fields=["-published_at", "-id"], condition=PUBLIC, name="messageboard_public"
            ),
        ]
        permissions = [
            ("moderate_message", _("Can moderate messages")),
            ("approve_reply", _("Can approve replies of their divisions")),
        ]

    def __str__(self):
        return self.subject

    def published_replies(self):
        return self.replies.filter(state=Reply.State.APPROVED).order_by("approved_at", "pk")


class Reply(NormalizedText, models.Model):
    """A division's answer; shown with its message once the division head approved it."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting approval")
        APPROVED = "approved", pgettext_lazy("message board", "Approved")
        RETURNED = "returned", _("Returned for revision")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("reply"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    division = models.ForeignKey(
        "cms.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SUBMITTED
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(
        pgettext_lazy("message board", "approved"), null=True, blank=True
    )
    return_note = models.CharField(_("why it was returned"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:30]


class FaqEntry(models.Model):
    """A frequent question with its answer (常见问题与解答), shown under its policy."""

    policy = models.ForeignKey(
        "cms.PolicyPage",
        verbose_name=_("policy"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(pgettext_lazy("message board", "answer"), max_length=5000)
    messages = models.ManyToManyField(
        Message, verbose_name=_("messages it came from"), blank=True, related_name="faq_entries"
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=True)

    panels = [
        FieldPanel("policy"),
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("published")]),
    ]

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.question


class SensitiveWord(models.Model):
    """A word that holds a message for a moderator's eye, highlighted where it occurs."""

    word = models.CharField(_("word"), max_length=50, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("word"), FieldPanel("note")]

    class Meta:
        verbose_name = _("sensitive word")
        verbose_name_plural = _("sensitive words")
        ordering = ["word"]

    def __str__(self):
        return self.word
