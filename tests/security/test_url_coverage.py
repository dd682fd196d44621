"""One place that knows every URL of the project: each named URL is checked against every
role by one of the role-matrix tests, or is listed here as public or admin-only by design.
This test fails when a URL is added without a row anywhere."""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.events.test_registration import EXPECTED as EVENT_PAGES
from tests.matchmaking.test_permissions_matrix import ROWS as BUYER_AND_REQUEST_PAGES
from tests.producers.test_permissions import MATRIX as PRODUCER_PAGES

# Checked role by role in their own test modules.
EVENT_PACKET_PAGES = {"events:packet_detail", "events:packet_pdf"}  # tests/events/test_packets_views.py
AGENDA_PAGES = {  # tests/matchmaking/test_schedule_agenda.py
    "matchmaking:agenda_list",
    "matchmaking:agenda_detail",
    "matchmaking:agenda_ics",
    "matchmaking:agenda_pdf",
    "matchmaking:agenda_rate",
    "matchmaking:agenda_follow_up",
    "matchmaking:agenda_feed",  # the secret token in the URL is the credential
    "matchmaking:follow_up_token",  # a signed link
}
ACCOUNT_PAGES = {"accounts:dashboard", "accounts:choose_role"}  # tests/accounts
# Public by design: the home page, health and security.txt, language switch, media (DEBUG);
# robots.txt and the sitemap, which list only public pages (tests/ocop_portal/test_sitemap.py).
PUBLIC = {
    *("home", "healthz", "security_txt", "set_language", "web_manifest"),
    *("robots_txt", "sitemap", "sitemap_section"),
}


def named_urls(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_of_the_project_is_in_a_role_matrix():
    covered = (
        {f"producers:{name}" for name in PRODUCER_PAGES}
        | set(BUYER_AND_REQUEST_PAGES)
        | {f"events:{name}" for name in EVENT_PAGES}
        | EVENT_PACKET_PAGES
        | AGENDA_PAGES
        | ACCOUNT_PAGES
        | PUBLIC
    )
    ours = {
        name
        for name in named_urls()
        # Django's admin (staff only, by Django) and allauth's account pages (public forms).
        if not name.startswith(("admin:", "account_", "djdt"))
    }
    assert ours - covered == set(), "add these URLs to a role-matrix test"
    assert covered - ours == set(), "these matrix rows name URLs that no longer exist"
