"""Models whose text is normalised (``cms.text.sanitize.normalize_text``) whenever they are
validated or saved, whatever wrote them: an admin form, the importer's one-by-one path,
a revision being published, a script. Control, zero-width and bidirectional-override
characters never reach the database through them."""

from django.db import models
from wagtail.fields import StreamField

from cms.text.sanitize import normalize_data, normalize_text


def normalize_fields(instance: models.Model) -> None:
    """Normalise the instance's text in place: its char fields as one line, its text and
    rich-text fields with their line breaks, every string of its StreamFields."""
    deferred = instance.get_deferred_fields()  # not read, so not changed either
    for field in instance._meta.concrete_fields:
        if field.attname in deferred:
            continue
        value = getattr(instance, field.attname, None)
        if isinstance(field, StreamField):
            if value is not None and hasattr(value, "get_prep_value"):
                raw = value.get_prep_value()
                cleaned = normalize_data(raw)
                if cleaned != raw:
                    setattr(instance, field.attname, cleaned)
        elif isinstance(value, str) and isinstance(field, models.CharField | models.TextField):
            cleaned = normalize_text(value, single_line=isinstance(field, models.CharField))
            if cleaned != value:
                setattr(instance, field.attname, cleaned)


class NormalizedText:
    """Put first among a model's bases."""

    def clean_fields(self, exclude=None):
        # Before the checks, so that a title of only invisible characters is blank.
        normalize_fields(self)
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        normalize_fields(self)
        return super().save(*args, **kwargs)
