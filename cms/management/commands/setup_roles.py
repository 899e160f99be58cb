from django.core.management.base import BaseCommand

from cms.access.roles import ensure_roles


class Command(BaseCommand):
    help = "Create or complete the drafter and reviewer groups with their admin permissions."

    def handle(self, *args, **options):
        for name in ensure_roles():
            self.stdout.write(name)
