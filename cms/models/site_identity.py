"""The site's identity as the national website rules want it shown and reported
(政府网站发展指引, 国办发〔2017〕47号): the 网站标识码, the ICP and public-security record
numbers, the sponsoring and the organising units (主办单位, 承办单位), the contact, the
党政机关 identity badge and the "我为政府网站找错" entry, per Wagtail site (Settings →
网站标识与备案). The website annual report copies them when its tables are assembled; every
public page's footer shows them (cms/includes/site_identity.html), and ``manage.py check``
warns in production while any is empty (cms/checks.py)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    class Kind(models.TextChoices):
        PORTAL = "portal", _("Government portal")
        DEPARTMENT = "department", _("Department website")
        SPECIAL = "special", _("Special-purpose website")

    site_code = models.CharField(
        _("website identification code"),
        max_length=20,
        blank=True,
        help_text=_("The 网站标识码 given by the national government website registry."),
    )
    kind = models.CharField(
        _("website type"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT
    )
    icp_number = models.CharField(_("ICP record number"), max_length=50, blank=True)
    security_record_number = models.CharField(
        _("public security record number"), max_length=50, blank=True
    )
    sponsor = models.CharField(_("sponsoring unit"), max_length=100, blank=True)
    organizer = models.CharField(_("organising unit"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_address = models.CharField(_("contact address"), max_length=200, blank=True)
    badge_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("party and government organ badge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The 党政机关 identity badge image issued with the site's registration."),
    )
    badge_url = models.URLField(
        _("badge link"),
        blank=True,
        help_text=_("Where the badge leads: the site's entry in the 党政机关 registry."),
    )
    error_report_url = models.URLField(
        _("“我为政府网站找错” link"),
        blank=True,
        help_text=_("The address of the site's “我为政府网站找错” (report an error) entry."),
    )

    # The footer shows the badge on every page: fetched with the setting, one query.
    select_related = ["badge_image"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_code"), FieldPanel("kind"), FieldPanel("icp_number"),
             FieldPanel("security_record_number")],
            heading=_("Identification and records"),
        ),
        MultiFieldPanel(
            [FieldPanel("sponsor"), FieldPanel("organizer"), FieldPanel("contact_phone"),
             FieldPanel("contact_email"), FieldPanel("contact_address")],
            heading=_("Units and contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("badge_image"), FieldPanel("badge_url"), FieldPanel("error_report_url")],
            heading=_("Badge and error reporting"),
        ),
    ]  # fmt: skip

    # What the national rules want shown on every page; a check names those left empty.
    REQUIRED = (
        "site_code", "icp_number", "security_record_number", "sponsor", "organizer",
        "contact_phone", "badge_image", "badge_url", "error_report_url",
    )  # fmt: skip

    class Meta:
        verbose_name = _("website identity and records")

    @property
    def security_record_code(self) -> str:
        """The digits of the public-security record number, which its lookup page takes."""
        return "".join(re.findall(r"[0-9]", self.security_record_number))

    # The national code format: 10 digits (the region's 4, the site's 6).
    SITE_CODE_FORMAT = re.compile(r"[0-9]{10}")

    def site_code_malformed(self) -> bool:
        """A code filled in that is not the national format (10 digits)."""
        code = (self.site_code or "").strip()
        return bool(code) and not self.SITE_CODE_FORMAT.fullmatch(code)

    def clean(self):
        super().clean()
        self.site_code = (self.site_code or "").strip()
        if self.site_code_malformed():
            raise ValidationError(
                {"site_code": _("The website identification code is exactly 10 digits.")}
            )

    def missing(self) -> list[str]:
        """The labels of the required fields left empty."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.REQUIRED
            if not getattr(self, name + "_id" if name == "badge_image" else name)
        ]
