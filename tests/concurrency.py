"""Running jobs at the same moment from several threads, each on its own database connection
(tests marked ``django_db(transaction=True)``, on PostgreSQL: row locks are what they test)."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def at_once(*jobs: Callable[[], T], timeout: float = 120) -> list[T]:
    """Run each job in a thread of its own, all released together; each thread closes its
    connection when done. Returns the jobs' results in order; a job's exception is raised."""
    start = threading.Barrier(len(jobs), timeout=30)

    def run(job: Callable[[], T]) -> T:
        try:
            start.wait()
            return job()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs, timeout=timeout))
