"""Whole pages kept in the cache for anonymous visitors.

A public page such as the catalogue is the same for every anonymous visitor but for two
values that must be new for each response: the CSRF token (of the language switcher's form)
and the CSP nonce of inline scripts. The page is rendered once with a mark in place of each
(``render_marked``), kept in the cache, and every response fills in the visitor's own
(``fill_marks``), which also sets the CSRF cookie and the CSP header's nonce as rendering
would. Logged-in visitors, and anyone with a message waiting, get the page rendered for them.

The marks are derived from SECRET_KEY, the same in every worker sharing the cache, and are
never shown to anyone: a visitor who typed one into a search box would see their own token.
"""

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac

_SALT = "ocop_portal.page_cache"


def _mark(name: str) -> str:
    return f"page-cache-{name}-" + salted_hmac(_SALT, name, secret=settings.SECRET_KEY).hexdigest()[:24]


def anonymous_visitor(request) -> bool:
    """True when the page would be the same for any anonymous visitor (no user, no message)."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    return not len(get_messages(request))


def render_marked(request, template_name: str, context: dict) -> str:
    """The page with marks in place of the visitor's CSRF token and CSP nonce."""
    marked = {**context, "csrf_token": _mark("csrf"), "CSP_NONCE": _mark("nonce")}
    return render_to_string(template_name, marked, request=request)


def fill_marks(request, html: str) -> HttpResponse:
    """A response with this visitor's CSRF token and CSP nonce in place of the marks."""
    html = html.replace(_mark("csrf"), get_token(request))
    html = html.replace(_mark("nonce"), str(getattr(request, "csp_nonce", "")))
    return HttpResponse(html)
