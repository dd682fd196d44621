"""Settings of the Celery workers that tests/events/test_packets_worker.py starts: the
project's, plus

- the test URLs (the e-mailed link must resolve even before ocop_portal/urls.py includes
  events.urls; afterwards they add nothing);
- the test's own queue as the default one, so the tasks the worker enqueues itself (the beat
  task's sends, retries, the sweeper's) stay on the queue that only this worker consumes;
- short back-off and re-queue delays, so retries happen within the test's time limits.
"""

import os

from ocop_portal.settings import *  # noqa: F403

ROOT_URLCONF = "ocop_portal.urls"
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("PACKETS_TEST_QUEUE", "celery")
CATALOGUE_PACKET_RETRY_BACKOFF = 1
CATALOGUE_PACKET_REQUEUE_AFTER = 2
