"""The site's identity as the national website rules want it shown and reported
(政府网站发展指引, 国办发〔2017〕47号): the 网站标识码, the ICP and public-security record
numbers, the sponsoring and the organising units (主办单位, 承办单位) and the contact, per
Wagtail site (Settings → 网站标识与备案). The website annual report copies them when its
tables are assembled; the public footer reads them from here too."""

from __future__ import annotations

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
    ]  # fmt: skip

    class Meta:
        verbose_name = _("website identity and records")
