"""The government information disclosure guide (政府信息公开指南, art. 12 of the disclosure
regulations): a page per agency under its library, written and kept by the agency's
office: how it discloses proactively, how to apply for information, how requests are
handled and the office's contact. The ways to apply that a plugin offers (the
disclosure-requests plugin's online form) are shown beside it (hook
``disclosure_request_channels``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.extend import plugin_manager


class DisclosureGuidePage(Page):
    agency = models.OneToOneField(
        "cms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="disclosure_guide",
    )
    body = RichTextField(
        pgettext_lazy("disclosure guide", "guide"),
        blank=True,
        help_text=_(
            "Proactive disclosure, applying for information, how requests are handled, fees "
            "and remedies."
        ),
    )
    office = models.CharField(
        pgettext_lazy("disclosure guide", "disclosure office"), max_length=100, blank=True
    )
    address = models.CharField(
        pgettext_lazy("disclosure guide", "address"), max_length=200, blank=True
    )
    office_hours = models.CharField(
        pgettext_lazy("disclosure guide", "office hours"), max_length=100, blank=True
    )
    phone = models.CharField(
        pgettext_lazy("disclosure guide", "telephone"), max_length=50, blank=True
    )
    email = models.EmailField(pgettext_lazy("disclosure guide", "e-mail"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("agency"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel(name) for name in ("office", "address", "office_hours", "phone", "email")],
            heading=pgettext_lazy("disclosure guide", "Contact"),
        ),
    ]
    parent_page_types = ["cms.PolicyLibraryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("disclosure guide")

    def article_tags(self) -> dict:
        """The guide's page tags (cms.extend.page_tags)."""
        from django.utils.timezone import localtime

        from cms.text.page_text import plain_text

        name = self.agency.name
        published = self.last_published_at or self.first_published_at
        return {
            "ContentSource": name,
            "Author": name,
            # The guide is revised in place: its date is its last publication's.
            "PubDate": localtime(published).strftime("%Y-%m-%d %H:%M") if published else "",
            "Keywords": [name, "政府信息公开指南", "依申请公开", "主动公开"],
            "Description": self.search_description
            or " ".join(plain_text(self.body).split())
            or f"{name}政府信息公开指南",
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["channels"] = plugin_manager.disclosure_request_channels(self.agency, request)
        return context
