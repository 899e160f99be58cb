from celery import shared_task

from plugins.govservice.patrol import patrol


@shared_task(name="plugins.govservice.tasks.patrol_links")
def patrol_links() -> dict:
    """Check the online service links that are due (beat, every
    ``GOVSERVICE_PATROL_INTERVAL`` seconds); returns the counts."""
    return patrol()
