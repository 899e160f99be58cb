"""Whether a normative document is in force (有效性), and why.

What an editor decides is part of the policy and of its revisions, reviewed with its
bundle: the dates (``ValidityTerms``) and what it amends or repeals (``PolicyRelation``).
What follows from them is the plugin's own record (``PolicyValidity``), written when the
policy is published or withdrawn and on the day a date comes, with every change kept
(``ValidityChange``) for the annual report.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Orderable


class State(models.TextChoices):
    NOT_YET_EFFECTIVE = "not_yet_effective", _("Not yet in force")
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")
    EXPIRED = "expired", _("Expired")


class ValidityTerms(models.Model):
    """The dates a policy states: from when it applies, and until when."""

    policy = ParentalKey("cms.PolicyPage", on_delete=models.CASCADE, related_name="validity_terms")
    effective_from = models.DateField(
        _("effective from"), null=True, blank=True, help_text=_("Empty: the issue date.")
    )
    expires_on = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_(
            "The last day it applies. Empty: five years from the effective date, two for "
            "provisional rules (暂行, 试行)."
        ),
    )

    panels = [FieldRowPanel([FieldPanel("effective_from"), FieldPanel("expires_on")])]

    class Meta:
        verbose_name = _("validity terms")

    def __str__(self):
        return f"{self.effective_from or '—'} – {self.expires_on or '—'}"


class PolicyRelation(Orderable):
    """This policy amends, repeals or replaces an earlier one; takes effect when this one
    is published."""

    class Kind(models.TextChoices):
        AMENDS = "amends", _("amends")
        REPEALS = "repeals", _("repeals")
        REPLACES = "replaces", _("replaces")

    policy = ParentalKey(
        "cms.PolicyPage", on_delete=models.CASCADE, related_name="validity_relations"
    )
    kind = models.CharField(_("relation"), max_length=10, choices=Kind.choices)
    target = models.ForeignKey(
        "cms.PolicyPage",
        verbose_name=_("earlier policy"),
        on_delete=models.CASCADE,
        related_name="validity_relations_received",
    )

    panels = [FieldRowPanel([FieldPanel("kind"), PageChooserPanel("target", "cms.PolicyPage")])]

    class Meta(Orderable.Meta):
        verbose_name = _("amended or repealed policy")
        verbose_name_plural = _("amended or repealed policies")

    @property
    def resulting_state(self) -> str:
        return State.AMENDED if self.kind == self.Kind.AMENDS else State.REPEALED


class PolicyValidity(models.Model):
    """A live policy's validity as the public sees it."""

    policy = models.OneToOneField(
        "cms.PolicyPage", on_delete=models.CASCADE, primary_key=True, related_name="validity"
    )
    state = models.CharField(_("validity"), max_length=20, choices=State.choices)
    effective_from = models.DateField(_("effective from"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    # The live policy that amended or repealed this one, for the links both ways.
    changed_by = models.ForeignKey(
        "cms.PolicyPage",
        verbose_name=_("amended or repealed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registration_number = models.CharField(
        _("registration number"), max_length=60, null=True, blank=True, unique=True
    )
    reminded_on = models.DateField(_("evaluation reminder sent"), null=True, blank=True)
    # Declared by a closed cleanup campaign (废止, 宣布失效): wins over dates and relations.
    declared = models.CharField(
        _("declared by a cleanup"), max_length=20, choices=State.choices, blank=True
    )

    class Meta:
        verbose_name = _("validity")
        verbose_name_plural = _("validities")
        indexes = [models.Index(fields=["state"], name="validity_state")]

    def __str__(self):
        return f"{self.policy_id}: {self.state}"


class ValidityChange(models.Model):
    """One change of a policy's validity, kept for the annual report's counts."""

    # No database constraint: the history outlives a deleted page (past years' counts
    # keep it), and deleting a live policy withdraws it after Django collected the rows.
    policy = models.ForeignKey(
        "cms.PolicyPage",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="validity_changes",
    )
    on = models.DateField(_("on"))
    from_state = models.CharField(
        pgettext_lazy("validity", "from"), max_length=20, choices=State.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices, blank=True)
    by = models.ForeignKey(
        "cms.PolicyPage",
        verbose_name=_("caused by"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("validity change")
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.policy_id} {self.on}: {self.from_state} → {self.to_state}"


class RegistrationSequence(models.Model):
    """The last serial of an agency's registration numbers in a year, locked to count."""

    agency = models.ForeignKey("cms.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="validity_sequence_year")
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.year}: {self.last_serial}"


class Campaign(models.Model):
    """A cleanup (清理) of the normative documents in force in some agencies."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("validity", "Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    agencies = models.ManyToManyField("cms.Agency", verbose_name=_("agencies"), related_name="+")
    reference_date = models.DateField(
        _("reference date"), help_text=_("Documents issued on or before this day are reviewed.")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(pgettext_lazy("validity", "closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cleanup campaign")
        verbose_name_plural = _("cleanup campaigns")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return self.name


class CampaignItem(models.Model):
    """One document of a campaign and its division's decision."""

    class Decision(models.TextChoices):
        KEEP = "keep", _("Remains in force")
        AMEND = "amend", _("To be amended")
        REPEAL = "repeal", _("Repeal")
        INVALIDATE = "invalidate", _("Declare invalid")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    policy = models.ForeignKey("cms.PolicyPage", on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    reason = models.TextField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign document")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "policy"], name="campaign_item_once")
        ]

    def __str__(self):
        return f"{self.campaign_id}/{self.policy_id}: {self.decision or '—'}"
