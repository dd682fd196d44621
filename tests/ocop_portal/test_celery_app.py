"""Worker processes set their start-up objects aside from the cycle collector."""

import gc

from celery.signals import worker_process_init

from ocop_portal.celery import app


def test_a_new_worker_process_freezes_its_start_up_objects():
    assert app.main == "ocop_portal"
    gc.unfreeze()
    try:
        worker_process_init.send(sender=None)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
