"""Portal-wide housekeeping run by beat (settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.core.management import call_command

from . import kept_uploads


@shared_task(name="ocop_portal.purge_kept_uploads", acks_late=True)
def purge_kept_uploads() -> int:
    """Delete files kept for forms sent back with an error, once their tokens have expired."""
    return kept_uploads.purge()


@shared_task(name="ocop_portal.clear_expired_sessions", acks_late=True)
def clear_expired_sessions() -> None:
    """Delete the sessions past their expiry date (Django's ``clearsessions``): without it
    the session table keeps every visit for ever. Copies in Redis expire by themselves."""
    call_command("clearsessions")
