"""How far an import of a file got, so a run that was stopped continues where it was."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportCheckpoint(models.Model):
    """The last line of a file (known by its content's digest) whose outcome committed,
    with the counts and errors so far. Deleted when the run finishes."""

    digest = models.CharField(max_length=64, unique=True)
    path = models.CharField(_("file"), max_length=500)
    line = models.PositiveIntegerField(_("last line done"), default=0)
    counts = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import checkpoint")

    def __str__(self):
        return f"{self.path}: {self.line}"
