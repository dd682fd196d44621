"""The Celery app. With no REDIS_URL set, settings make every task run eagerly in-process."""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

app = Celery("ocop_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def freeze_start_up_objects(**_kwargs) -> None:
    """In each new worker process, set the objects made at start-up (Django, the apps,
    WeasyPrint: some 200,000) aside from the cycle collector, which otherwise walks them all at
    every full collection: a catalogue packet triggers one or two, 7 % of its CPU time
    (bench/packets.py). They stay in memory as before; the pages they sit on also stay shared
    with the parent process, as the collector no longer writes to them."""
    gc.freeze()
