"""The public's comments on a draft, on the whole or on one clause."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# new_tracking_code stays importable from here: migration 0001 names it as the default.
from cms.plugin_api import new_tracking_code


class Comment(models.Model):
    """An opinion on a draft (意见). Its name and contact are never public; its body is
    published only anonymised, with personal data masked, in the feedback."""

    class State(models.TextChoices):
        # A comment without a listed word is accepted at once; one with a listed word
        # waits for a moderator, who accepts or rejects it.
        HELD = "held", pgettext_lazy("comment state", "Held for moderation")
        ACCEPTED = "accepted", pgettext_lazy("comment state", "Accepted")
        REJECTED = "rejected", pgettext_lazy("comment state", "Rejected")

    class Channel(models.TextChoices):
        # The online form and the API; the others are registered in the admin by the
        # drafting division or a moderator (登记来信意见) and then handled alike.
        ONLINE = "online", pgettext_lazy("comment channel", "Online")
        EMAIL = "email", pgettext_lazy("comment channel", "E-mail")
        POST = "post", pgettext_lazy("comment channel", "Letter")
        OTHER = "other", pgettext_lazy("comment channel", "Other")

    consultation = models.ForeignKey(
        "consultation.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    channel = models.CharField(
        pgettext_lazy("consultation", "channel"),
        max_length=10,
        choices=Channel.choices,
        default=Channel.ONLINE,
    )
    clause = models.ForeignKey(
        "consultation.Clause",
        verbose_name=_("clause"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="comments",
        help_text=_("Empty: a comment on the whole draft."),
    )
    body = models.TextField(pgettext_lazy("consultation", "comment"), max_length=3000)
    name = models.CharField(pgettext_lazy("consultation", "name"), max_length=50, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    tracking_code = models.CharField(
        _("tracking code"), max_length=32, default=new_tracking_code, editable=False
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.ACCEPTED
    )
    sensitive_words = models.JSONField(
        pgettext_lazy("consultation", "sensitive words found"), default=list, blank=True
    )
    reject_note = models.CharField(_("note on the rejection"), max_length=200, blank=True)
    received_at = models.DateTimeField(
        pgettext_lazy("consultation", "received"), default=timezone.now, db_index=True
    )
    # Comments on the same point share one disposition (merged answers).
    disposition = models.ForeignKey(
        "consultation.Disposition",
        verbose_name=_("disposition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )

    class Meta:
        verbose_name = pgettext_lazy("consultation", "comment")
        verbose_name_plural = pgettext_lazy("consultation", "comments")
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="consultation_tracking_code")
        ]
        indexes = [
            models.Index(fields=["consultation", "state"], name="consultation_comment_state")
        ]
        permissions = [("moderate_comment", _("Can moderate comments"))]

    def __str__(self):
        return self.body[:30]


def comment_numbers(consultation) -> dict[int, int]:
    """Each accepted comment's number (意见 N) in its consultation, 1, 2, 3 … in the order
    received: the one numbering of the inbox, the spreadsheet and the public feedback.

    Only accepted comments are numbered, so the feedback, which lists every accepted
    comment, shows no gaps where one was rejected or is still held. Until the feedback is
    published a moderation (or a letter registered with an earlier day) may shift the later
    numbers; answers refer to comments, not numbers, so nothing is lost. The feedback is
    published only when no comment waits for moderation, and then nothing changes any more:
    the published numbers are final."""
    ids = (
        Comment.objects.filter(consultation=consultation, state=Comment.State.ACCEPTED)
        .order_by("received_at", "pk")
        .values_list("pk", flat=True)
    )
    return {pk: n for n, pk in enumerate(ids, start=1)}
