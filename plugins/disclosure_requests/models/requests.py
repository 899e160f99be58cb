"""A request for government information (政府信息公开申请) and who sent it.

The applicant's identity number and contacts are encrypted at rest (django-fernet-encrypted-
fields, keyed by SECRET_KEY and SALT_KEY); only the disclosure office and the division
handling the request see them (``access.py``). Nothing of a request is ever public: the
applicant follows it with the tracking code *and* the contact given.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField

# new_tracking_code stays importable from here: the first migration names it as the default.
from cms.plugin_api import new_tracking_code
from plugins.disclosure_requests.outcomes import Outcome


def applicant_key(id_type: str, id_number: str) -> str:
    """A stable, keyed digest of who applies: the fee counts applications per applicant
    and month, and the encrypted number cannot be compared in the database."""
    value = f"{id_type}:{id_number.strip().upper()}"
    return salted_hmac("disclosure_requests.applicant", value).hexdigest()[:40]


class DisclosureRequest(models.Model):
    """One application, from its arrival to its reply (docs/domain.md §7)."""

    class ApplicantType(models.TextChoices):
        # The annual report's columns (section 三): 自然人, then 法人或其他组织 in five.
        PERSON = "person", _("Natural person")
        COMPANY = "company", _("Commercial enterprise")
        RESEARCH = "research", _("Research institution")
        NONPROFIT = "nonprofit", _("Social welfare organisation")
        LEGAL = "legal", _("Legal service organisation")
        OTHER_ORG = "other_org", _("Other organisation")

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", _("Resident identity card")
        PASSPORT = "passport", _("Passport")
        HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
        TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents")
        OTHER = "other", _("Other identity document")
        CREDIT_CODE = "credit_code", _("Unified social credit code")

    class Form(models.TextChoices):
        PAPER = "paper", _("Paper")
        ELECTRONIC = "electronic", _("Electronic file")
        DISC = "disc", _("Optical disc")
        OTHER = "other", pgettext_lazy("form of provision", "Other")

    class Way(models.TextChoices):
        POST = "post", _("By post")
        EMAIL = "email", _("By e-mail")
        PICKUP = "pickup", _("Collected in person")
        WEBSITE = "website", _("Downloaded from the website")

    class State(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("request state", "Awaiting confirmation")
        RECEIVED = "received", pgettext_lazy("request state", "Received")
        SUPPLEMENT = "supplement", pgettext_lazy("request state", "Awaiting supplement")
        ASSIGNED = "assigned", pgettext_lazy("request state", "With the division")
        THIRD_PARTY = "third_party", pgettext_lazy("request state", "Consulting a third party")
        FEE = "fee", pgettext_lazy("request state", "Awaiting the fee")
        DRAFTED = "drafted", pgettext_lazy("request state", "Reply drafted")
        REVIEWED = "reviewed", pgettext_lazy("request state", "Reply reviewed")
        APPROVED = "approved", pgettext_lazy("request state", "Reply approved")
        CLOSED = "closed", pgettext_lazy("request state", "Replied")
        WITHDRAWN = "withdrawn", pgettext_lazy("request state", "Withdrawn")
        MERGED = "merged", pgettext_lazy("request state", "Merged")
        DISCARDED = "discarded", pgettext_lazy("request state", "Not an application")

    agency = models.ForeignKey(
        "cms.Agency",
        verbose_name=pgettext_lazy("disclosure request", "agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant_type = models.CharField(
        _("applicant type"), max_length=20, choices=ApplicantType.choices
    )
    name = models.CharField(pgettext_lazy("disclosure request", "name"), max_length=100)
    # For an organisation: its legal representative or contact person.
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    id_type = models.CharField(_("identity document"), max_length=20, choices=IdType.choices)
    id_number = EncryptedCharField(
        pgettext_lazy("disclosure request", "document number"), max_length=40, null=True
    )
    applicant_key = models.CharField(max_length=40, db_index=True, editable=False)
    phone = EncryptedCharField(_("phone"), max_length=30, null=True, blank=True)
    email = EncryptedCharField(_("e-mail"), max_length=254, null=True, blank=True)
    address = EncryptedTextField(_("postal address"), null=True, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    # What is sought (art. 29): a name, a document number, or other features.
    information = models.TextField(_("information sought"), max_length=2000)
    doc_number = models.CharField(_("document number sought"), max_length=100, blank=True)
    purpose = models.TextField(_("description or purpose"), max_length=1000, blank=True)
    policy = models.ForeignKey(
        "cms.PolicyPage",
        verbose_name=_("document the request names"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    form = models.CharField(_("form of provision"), max_length=20, choices=Form.choices)
    way = models.CharField(_("way to obtain"), max_length=20, choices=Way.choices)
    tracking_code = models.CharField(
        _("tracking code"), max_length=32, default=new_tracking_code, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    # Staff recorded it (a letter, an oral request at the counter), not the public form.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SUBMITTED
    )
    # Art. 31: the day the agency confirmed receipt; the clock starts there.
    received_on = models.DateField(
        pgettext_lazy("disclosure request", "received"), null=True, blank=True, db_index=True
    )
    # The reply clock's start: receipt, or the supplement's arrival.
    clock_from = models.DateField(_("deadline counted from"), null=True, blank=True)
    due_on = models.DateField(_("reply due"), null=True, blank=True, db_index=True)
    # Counted by the weekday rule in a year whose holidays were not yet known.
    due_provisional = models.BooleanField(_("provisional deadline"), default=False)
    extended_days = models.PositiveSmallIntegerField(_("days of extension"), default=0)
    extension_reason = models.CharField(_("reason for the extension"), max_length=300, blank=True)
    division = models.ForeignKey(
        "cms.Division",
        verbose_name=_("handling division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Divisions that held the request before a reassignment: they may still be asked
    # about their part, so they keep reading it (access.py).
    former_divisions = models.ManyToManyField(
        "cms.Division", verbose_name=_("former divisions"), blank=True, related_name="+"
    )
    division_due_on = models.DateField(_("division's deadline"), null=True, blank=True)
    outcome = models.CharField(
        pgettext_lazy("disclosure request", "outcome"),
        max_length=40,
        choices=Outcome.choices,
        blank=True,
        db_index=True,
    )
    # The day the outcome took effect (the reply was served, or the applicant withdrew):
    # the statistics count a request as handled in that day's year.
    closed_on = models.DateField(_("closed"), null=True, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    # 不予处理·重复申请 names the earlier request it repeats.
    earlier_request = models.ForeignKey(
        "self",
        verbose_name=_("earlier request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_on = models.DateField(_("reminded"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated"), null=True, blank=True)
    # After the retention period the personal data is erased; the statistics stay.
    anonymised_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("disclosure request")
        verbose_name_plural = _("disclosure requests")
        ordering = ["-submitted_at", "-pk"]
        permissions = [
            ("handle_request", _("Handle disclosure requests (the disclosure office)")),
            ("approve_request", _("Approve extensions and replies (head of the office)")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="disclosure_tracking_code")
        ]
        indexes = [models.Index(fields=["state", "due_on"], name="disclosure_state_due")]

    def __str__(self):
        return _("Request %(number)s") % {"number": self.reference}

    def save(self, *args, **kwargs):
        if self.id_number:
            self.applicant_key = applicant_key(self.id_type, self.id_number)
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        """The number staff and applicant quote: the year received (or submitted) and the id."""
        year = (self.received_on or timezone.localdate(self.submitted_at)).year
        return f"{year}-{self.pk:05d}"

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != self.ApplicantType.PERSON
