from celery import shared_task

from .archive import archive_dir


@shared_task(name="policy_cms_example.tasks.archive_report")
def archive_report() -> int:
    """How many events the archive holds (a daily figure for the operators)."""
    folder = archive_dir()
    return len(list(folder.glob("*.json"))) if folder.is_dir() else 0
