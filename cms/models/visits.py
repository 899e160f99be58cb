"""Visits to the public site as daily aggregates per site: unique visitors and page
views, nothing else. The counter (``cms.operations.visits``) keeps the day's running
numbers in the cache and adds them here in batches; no address, cookie, user agent or
page address ever reaches the database. The website annual report (政府网站工作年度报表)
reads its visits from these rows."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyVisits(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    visitors = models.PositiveIntegerField(_("unique visitors"), default=0)
    page_views = models.PositiveBigIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("daily visits")
        verbose_name_plural = _("daily visits")
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="one_visits_row_a_day")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.day}: {self.visitors}/{self.page_views}"
