from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from cms.models import PublicationStamp
from search import documents
from search.backends import get_backend


class Command(BaseCommand):
    help = "Rebuild the search index from every public policy (searches keep working)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, action, no_progress, **options):
        backend = get_backend()
        total = documents.count()
        with tqdm(
            total=total, unit=_("policies"), disable=no_progress, file=self.stderr._out
        ) as bar:
            try:
                indexed = backend.rebuild(documents.documents(), on_progress=bar.update)
            except Exception as error:  # the engine is down or refuses the index
                raise CommandError(
                    _("Rebuilding the %(backend)s index failed: %(error)s")
                    % {"backend": backend.name, "error": error}
                ) from error
        PublicationStamp.bump()
        self.stdout.write(
            _("Indexed %(count)d policies with the %(backend)s backend.")
            % {"count": indexed, "backend": backend.name}
        )
