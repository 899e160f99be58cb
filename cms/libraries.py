"""Each agency has one policy library (政策文件库) under the home page."""

from django.utils.text import slugify

from .models import HomePage, PolicyLibraryPage


def ensure_library(agency) -> PolicyLibraryPage | None:
    """Return the agency's policy library, creating it (live) under the home page if missing.

    Returns None while the site has no home page (before the first migration has run).
    """
    existing = PolicyLibraryPage.objects.filter(agency=agency).first()
    if existing:
        return existing
    home = HomePage.objects.first()
    if home is None:
        return None
    slug = slugify(agency.org_code) or f"agency-{agency.pk}"
    library = PolicyLibraryPage(title=agency.name, slug=f"lib-{slug}", agency=agency)
    home.add_child(instance=library)
    library.save_revision().publish()
    return library
