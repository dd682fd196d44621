"""Celery tasks that re-score in the background, and the helpers services call to ask for them.

Bursts coalesce: the first change of a product (or need) within ``COALESCE_SECONDS`` adds a
cache key and enqueues one task with that countdown; later changes while the key lives are
covered by that task, which reads the data only when it runs (the key expires no later than
the task starts, so no change is missed).
"""

import logging

from celery import shared_task
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .services import match_scores_refresh_all, match_scores_refresh_need, match_scores_refresh_product

logger = logging.getLogger(__name__)

COALESCE_SECONDS = 30
PROGRESS_KEY = "matchmaking:scoring:rescore_all:progress"
PROGRESS_TIMEOUT = 24 * 3600


def _coalesce_key(kind: str, pk: int) -> str:
    return f"matchmaking:scoring:rescore:{kind}:{pk}"


@shared_task(name="matchmaking.rescore_need", acks_late=True)
def rescore_need_task(*, need_id: int) -> None:
    stored = match_scores_refresh_need(need_id=need_id)
    logger.info("need %s re-scored: %s rows", need_id, stored)


@shared_task(name="matchmaking.rescore_product", acks_late=True)
def rescore_product_task(*, product_id: int) -> None:
    stored = match_scores_refresh_product(product_id=product_id)
    logger.info("product %s re-scored: %s rows", product_id, stored)


def rescore_progress() -> dict | None:
    """The last full re-score's progress: status, done, total, started_at, finished_at."""
    return cache.get(PROGRESS_KEY)


@shared_task(name="matchmaking.rescore_all", acks_late=True)
def rescore_all_task(*, event_id: int | None = None) -> None:
    from events.models import Event

    event = None
    if event_id is not None:
        event = Event.objects.filter(pk=event_id).first()
        if event is None:
            logger.warning("event %s no longer exists", event_id)
            return
    state = {"status": "running", "done": 0, "total": 0, "started_at": timezone.now().isoformat()}
    cache.set(PROGRESS_KEY, state, PROGRESS_TIMEOUT)

    def progress(done: int, total: int) -> None:
        cache.set(PROGRESS_KEY, {**state, "done": done, "total": total}, PROGRESS_TIMEOUT)

    try:
        result = match_scores_refresh_all(event=event, progress=progress)
    except Exception:
        cache.set(PROGRESS_KEY, {**state, "status": "failed"}, PROGRESS_TIMEOUT)
        raise
    total = result["needs"] + result["products"]
    cache.set(
        PROGRESS_KEY,
        {**state, "status": "done", "done": total, "total": total, "finished_at": timezone.now().isoformat()},
        PROGRESS_TIMEOUT,
    )


def _enqueue(kind: str, pk: int) -> None:
    if not cache.add(_coalesce_key(kind, pk), 1, timeout=COALESCE_SECONDS):
        return
    if kind == "product":
        rescore_product_task.apply_async(kwargs={"product_id": pk}, countdown=COALESCE_SECONDS)
    else:
        rescore_need_task.apply_async(kwargs={"need_id": pk}, countdown=COALESCE_SECONDS)


def request_rescore_for_product(product_id: int) -> None:
    """Ask for the product to be re-scored after the current transaction commits (coalesced)."""
    transaction.on_commit(lambda: _enqueue("product", product_id))


def request_rescore_for_need(need_id: int) -> None:
    """Ask for the need to be re-scored after the current transaction commits (coalesced)."""
    transaction.on_commit(lambda: _enqueue("need", need_id))


def request_rescore_all(event_id: int | None = None) -> None:
    """Ask for a full re-score after commit (organiser action, nightly job)."""
    transaction.on_commit(lambda: rescore_all_task.delay(event_id=event_id))
