"""Write the applicants' encrypted data again under the current SECRET_KEY and SALT_KEY,
after a key was rotated (docs/operations.md, "Disclosure requests' personal data")."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from plugins.disclosure_requests.privacy import reencrypt


class Command(BaseCommand):
    help = (
        "After rotating SECRET_KEY (the old one in SECRET_KEY_FALLBACKS) or SALT_KEY: "
        "re-encrypt the applicants' ID numbers and contacts and recompute their keys."
    )

    def handle(self, *args, **options):
        count = reencrypt()
        self.stdout.write(
            _("%(count)d requests re-encrypted under the current key.") % {"count": count}
        )
