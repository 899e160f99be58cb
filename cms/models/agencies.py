"""Issuing agencies (发文机关) and their drafting divisions (起草处室)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from cms.models.stamps import kept_for_stamp
from cms.models.text import NormalizedText


class Agency(NormalizedText, index.Indexed, ClusterableModel):
    class Kind(models.TextChoices):
        # Art. 49: a department reports by 31 January, a government by 31 March.
        DEPARTMENT = "department", _("Department")
        GOVERNMENT = "government", _("People's government")

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(
        _("short name"),
        max_length=20,
        blank=True,
        help_text=_("Used in document numbers, e.g. 沪统."),
    )
    org_code = models.CharField(
        _("organisation code"),
        max_length=30,
        help_text=_("The prefix of index numbers (索引号), e.g. 000014349."),
    )
    region = models.CharField(_("region"), max_length=50, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.DEPARTMENT,
        help_text=_(
            "Decides the annual disclosure report's deadline: 31 January for a department, "
            "31 March for a people's government."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("org_code"),
        FieldPanel("region"),
        FieldPanel("kind"),
        InlinePanel("divisions", label=_("Divisions")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


@kept_for_stamp
def agency_values(agency_id: int) -> dict | None:
    """An agency's fields by name, kept while the publication stamp stands (saving or
    deleting an agency moves it): public pages name a policy's agency on every view."""
    fields = [field.attname for field in Agency._meta.concrete_fields]
    return Agency.objects.filter(pk=agency_id).values(*fields).first()


class Division(NormalizedText, Orderable):
    agency = ParentalKey(Agency, on_delete=models.CASCADE, related_name="divisions")
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="divisions",
        help_text=_("Staff who draft for this division."),
    )

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="unique_division_per_agency")
        ]

    def __str__(self):
        return f"{self.agency.name} · {self.name}"
