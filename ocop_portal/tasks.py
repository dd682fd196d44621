"""Portal-wide housekeeping run by beat (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import kept_uploads


@shared_task(name="ocop_portal.purge_kept_uploads", acks_late=True)
def purge_kept_uploads() -> int:
    """Delete files kept for forms sent back with an error, once their tokens have expired."""
    return kept_uploads.purge()
