from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

# Any fixed number: every process that migrates this site asks for the same lock.
LOCK_ID = 0x706F6C6963790001


class Command(BaseCommand):
    help = (
        "Apply migrations once while holding a PostgreSQL advisory lock, so web replicas or "
        "a second deploy starting at the same time wait instead of migrating twice."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_ID])
            try:
                call_command("migrate", interactive=False, verbosity=options["verbosity"])
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])
