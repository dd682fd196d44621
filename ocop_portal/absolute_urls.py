"""Absolute links to the portal, for e-mails, exports and calendar subscriptions.

The one place that decides which scheme, host and port a link carries:

- with a request at hand, the host and port the user is actually on
  (``request.build_absolute_uri``, which honours ``SECURE_PROXY_SSL_HEADER``);
- without one (e-mails sent by Celery tasks), ``settings.SITE_URL`` when it is set, else the
  first real name in ``ALLOWED_HOSTS``: https, or http with DEBUG on (port 8000 for a local
  host, where ``make run`` serves).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

# Hosts that ``make run`` (runserver on 127.0.0.1:8000) answers on.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
DEV_PORT = 8000


def site_url() -> str:
    """The portal's public address, without a trailing slash: e.g. ``https://ocop.example.vn``."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    hosts = [h for h in settings.ALLOWED_HOSTS if h not in ("*", "", "testserver") and not h.startswith(".")]
    host = hosts[0] if hosts else "localhost"
    if settings.DEBUG:
        return f"http://{host}:{DEV_PORT}" if host in LOCAL_HOSTS else f"http://{host}"
    return f"https://{host}"


def absolute_url(path: str, *, request: HttpRequest | None = None) -> str:
    """``path`` (as ``reverse`` gives it) as a full URL: on the request's host when there is a
    request, else on :func:`site_url`."""
    if not path.startswith("/"):
        path = "/" + path
    if request is not None:
        return request.build_absolute_uri(path)
    return site_url() + path
