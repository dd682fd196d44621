"""Locust scenario of ``bench/load.py``: anonymous visitors, a logged-in buyer and producer.

Not meant to be run alone without its data: ``bench/load.py`` writes a JSON file (path in
the ``BENCH_LOAD_DATA`` environment variable) with product slugs picked from the database,
the slug of a producer of the upcoming demo event and the demo users' e-mail addresses
(allauth logs in with the e-mail). Every request carries a ``name`` so that the locust CSV
stats hold one row per page kind.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re

from locust import HttpUser, between, events, task
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

with open(os.environ["BENCH_LOAD_DATA"], encoding="utf-8") as handle:
    DATA = json.load(handle)

PASSWORD = DATA.get("password", "ocop-demo-2020")
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FILTERS = [
    "?stars=4",
    "?group=food&stars=4",
    "?cert=haccp&valid=1",
    "?q=tra&sort=price",
    "?stars=3&page=2",
]
QUERIES = ["banh+pia", "tra", "mat+ong", "ca+phe", "dak+lak", "nuoc+mam", "keo+dua", "gao"]


_ENVIRONMENT = []


@events.init.add_listener
def keep_environment(environment, **_kwargs):
    _ENVIRONMENT.append(environment)


@events.quit.add_listener
def write_final_stats(**_kwargs):
    """Write the stats CSV once more after the runner stopped: locust's own ``--csv``
    file is rewritten every 2 s only, so it misses the last requests of the run."""
    path = os.environ.get("BENCH_LOAD_FINAL_CSV")
    if path and _ENVIRONMENT:
        with open(path, "w", newline="", encoding="utf-8") as handle:
            StatsCSV(_ENVIRONMENT[0], PERCENTILES_TO_REPORT).requests_csv(csv.writer(handle))


class Visitor(HttpUser):
    """Anonymous buyer browsing: home, catalogue, search, product pages."""

    weight = 6
    wait_time = between(1, 3)

    @task(2)
    def home(self):
        self.client.get("/vi/", name="home")

    @task(3)
    def catalogue(self):
        self.client.get("/vi/catalogue/", name="catalogue")

    @task(3)
    def catalogue_filtered(self):
        self.client.get("/vi/catalogue/" + random.choice(FILTERS), name="catalogue filtered")

    @task(4)
    def search(self):
        self.client.get(f"/vi/catalogue/?q={random.choice(QUERIES)}", name="search")

    @task(5)
    def product(self):
        self.client.get(f"/vi/products/{random.choice(DATA['product_slugs'])}/", name="product page")


class _LoggedIn(HttpUser):
    abstract = True
    email = ""

    def on_start(self):
        page = self.client.get("/vi/accounts/login/", name="login form")
        match = CSRF_RE.search(page.text)
        token = match.group(1) if match else self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/vi/accounts/login/",
            data={"login": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/vi/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            # A failed login renders the form again (200) on /accounts/login/: count it as failed.
            if response.ok and "/accounts/login/" not in response.url:
                response.success()
            else:
                response.failure(f"login failed for {self.email}: {response.status_code} {response.url}")


class Buyer(_LoggedIn):
    """The demo buyer (Saigon Co.op): dashboard, meeting request form, catalogue."""

    weight = 2
    wait_time = between(1, 3)
    email = DATA["buyer_email"]

    @task(3)
    def dashboard(self):
        self.client.get("/vi/buyer/", name="buyer dashboard")

    @task(2)
    def meeting_form(self):
        self.client.get(
            f"/vi/meetings/ask/producer/{DATA['meeting_producer_slug']}/", name="meeting request form"
        )

    @task(1)
    def requests(self):
        self.client.get("/vi/meetings/requests/", name="meeting requests")

    @task(2)
    def search(self):
        self.client.get(f"/vi/catalogue/?q={random.choice(QUERIES)}&stars=4", name="search")


class Producer(_LoggedIn):
    """The demo producer: dashboard and account page."""

    weight = 1
    wait_time = between(1, 3)
    email = DATA["producer_email"]

    @task(3)
    def dashboard(self):
        self.client.get("/vi/producer/", name="producer dashboard")

    @task(1)
    def account(self):
        self.client.get("/vi/me/", name="account dashboard")
