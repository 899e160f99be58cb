"""Days the official calendar declares that the holiday library does not know (docs/domain.md §1).

The State Council's holiday notice for a year comes out in the autumn before it; until a
library release carries it, an administrator enters the year's holidays and adjusted
working weekends (调休) here. A row here outranks the library.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class CalendarDay(models.Model):
    date = models.DateField(_("date"), unique=True)
    working = models.BooleanField(
        _("working day"),
        help_text=_("Ticked for an adjusted working weekend (调休), clear for a holiday."),
    )
    name = models.CharField(_("name"), max_length=50, help_text=_("For example 春节 or 国庆节."))
    source = models.CharField(
        _("source notice"),
        max_length=200,
        blank=True,
        help_text=_("The notice that declares it, e.g. 国办发明电〔2026〕7号."),
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("working")]),
        FieldPanel("name"),
        FieldPanel("source"),
    ]

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self):
        kind = _("working day") if self.working else _("holiday")
        return f"{self.date:%Y-%m-%d} {self.name}（{kind}）"
