"""The Celery app. With no REDIS_URL set, settings make every task run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

app = Celery("ocop_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
