"""Signal handlers of the core app."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Agency


@receiver(post_save, sender=Agency)
def create_library_for_agency(sender, instance, created, raw=False, **kwargs):
    """A new agency gets its policy library at once, wherever it was created."""
    if created and not raw:
        from .libraries import ensure_library

        ensure_library(instance)
