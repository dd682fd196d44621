"""Whole pages kept in the cache, for pages that are the same for every visitor.

A page such as the catalogue depends on the visitor only through the layout (logged in or
not, staff or not) and two values that must be new for each response: the CSRF token (of
the language switcher's and log-out forms) and the CSP nonce of inline scripts. The page is
rendered once per variant (``visitor_variant``) with a mark in place of each value
(``render_marked``), kept in the cache, and every response fills in the visitor's own
(``fill_marks``), which also sets the CSRF cookie and the CSP header's nonce as rendering
would. A visitor with a message waiting gets the page rendered for them. Use it only for a
page whose template shows nothing else of the visitor.

Which variant a signed-in visitor gets is kept in their session when they sign in
(``remember_layout``), so a cached page is served after reading the session alone, without
the query for their user. The layout shows nothing but links (their dashboard, sign-out,
the admin for staff): if the account changes during the session (made staff, deactivated),
the cached catalogue shows the layout of the sign-in until they sign in again, while every
other page and the links themselves check the account as always.

The marks are derived from SECRET_KEY, the same in every worker sharing the cache, and are
never shown to anyone: a visitor who typed one into a search box would see their own token.
"""

import functools

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac

_SALT = "ocop_portal.page_cache"
# The session key holding the layout variant of the signed-in visitor (remember_layout).
LAYOUT_SESSION_KEY = "_ocop_layout"
_SIGNED_IN_VARIANTS = ("member", "staff")


def _mark(name: str) -> str:
    return _derived_mark(name, settings.SECRET_KEY)


@functools.cache
def _derived_mark(name: str, secret: str) -> str:
    """Computed once per process (four times a response otherwise)."""
    return f"page-cache-{name}-" + salted_hmac(_SALT, name, secret=secret).hexdigest()[:24]


def layout_of(user) -> str:
    """The layout variant of a signed-in user's pages."""
    return "staff" if user.is_staff else "member"


def remember_layout(sender, request, user, **kwargs) -> None:
    """On sign-in (``user_logged_in``, connected in accounts.apps): keep the visitor's
    layout variant in their session."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LAYOUT_SESSION_KEY] = layout_of(user)


def visitor_variant(request) -> str | None:
    """Which cached variant of a page this visitor gets: "anonymous", "member" or "staff"
    (what the layout shows differs); None when a message waits to be shown to them.

    A session that holds a signed-in user and the layout kept at sign-in answers alone; a
    session from before that was kept reads the user, as every other page does."""
    if len(get_messages(request)):
        return None
    session = getattr(request, "session", None)
    layout = session.get(LAYOUT_SESSION_KEY) if session is not None and SESSION_KEY in session else None
    if layout in _SIGNED_IN_VARIANTS:
        return layout
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return layout_of(user)


def render_marked(request, template_name: str, context: dict) -> str:
    """The page with marks in place of the visitor's CSRF token and CSP nonce."""
    marked = {**context, "csrf_token": _mark("csrf"), "CSP_NONCE": _mark("nonce")}
    return render_to_string(template_name, marked, request=request)


def fill_marks(request, html: str) -> HttpResponse:
    """A response with this visitor's CSRF token and CSP nonce in place of the marks."""
    html = html.replace(_mark("csrf"), get_token(request))
    html = html.replace(_mark("nonce"), str(getattr(request, "csp_nonce", "")))
    return HttpResponse(html)
