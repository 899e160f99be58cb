from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from tqdm import tqdm

from cms.models import PublicationStamp
from search import documents, indexing
from search.backends import get_backend


class Command(BaseCommand):
    help = "Rebuild the search index from every public policy (searches keep working)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, action, no_progress, **options):
        backend = get_backend()
        total = documents.count()
        started, indexed_ids = timezone.now(), []

        def tracked():
            for document in documents.documents():
                indexed_ids.append(document["id"])
                yield document

        with tqdm(
            total=total,
            unit=pgettext("search", "policies"),
            disable=no_progress,
            file=self.stderr._out,
        ) as bar:
            try:
                indexed = backend.rebuild(tracked(), on_progress=bar.update)
                replayed = indexing.catch_up(started, indexed_ids)
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
        if replayed:
            self.stdout.write(
                _("Changes made during the rebuild, applied again: %(count)d policies.")
                % {"count": replayed}
            )
