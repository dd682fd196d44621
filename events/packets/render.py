"""A packet as a PDF (WeasyPrint) and as an HTML e-mail with that PDF attached.

Render inside ``translation.override`` of the reader's language, as the content is built.
WeasyPrint only reads local files under MEDIA_ROOT and the font folders (and data: URIs):
a packet never makes the worker fetch anything from the network.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import weasyprint
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from weasyprint.text.fonts import FontConfiguration

from ocop_portal.absolute_urls import absolute_url
from ocop_portal.pdf import LocalFilesFetcher, font_faces_css

from .content import BASIS_NEEDS, BASIS_SCORES, PacketContent

logger = logging.getLogger(__name__)

EMAIL_TOP_PRODUCTS = 10

# WeasyPrint's image cache, kept per worker process: the packets of one event share most of
# their thumbnails, whose headers are then read once (the bytes stay on disk until written).
# Keyed by file URI: a new photo gets a new file name. Emptied when it grows large.
IMAGE_CACHE_ENTRIES = 4000
_IMAGE_CACHE: dict = {}

# The <style> of pdf.html is the same for every packet, whatever the buyer and the language:
# each thread of a worker parses it once into a WeasyPrint stylesheet, with the @font-face
# fonts loaded once into a FontConfiguration that then serves all its packets (Pango's font
# map is not thread-safe, hence one per thread). Keyed by the CSS text: a changed template or
# a font installed later gives a new entry.
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_STYLESHEETS = threading.local()

# Indentation between two tags (the templates' layout, not text): dropped before WeasyPrint
# parses the page, as it would only make whitespace boxes to discard. The lines of the
# pre-line paragraphs start at the beginning of a line, so their breaks are kept.
_INDENTATION = re.compile(r">\s*\n[ \t]+<")


# The elements pdf.html may use: those styled by USER_AGENT_CSS, a cut-down copy of
# WeasyPrint's user-agent stylesheet (see that file). The tests check both.
# fmt: off
PACKET_ELEMENTS = frozenset({
    "html", "head", "meta", "title", "style", "body", "section", "article", "div", "h1", "h2", "h3",
    "h4", "p", "table", "thead", "tbody", "tr", "th", "td", "img", "span", "strong", "br",
})
# fmt: on
USER_AGENT_CSS = Path(__file__).with_name("user_agent.css")
_USER_AGENT = weasyprint.CSS(filename=str(USER_AGENT_CSS))


class PacketHTML(weasyprint.HTML):
    """A packet's page, styled by the cut-down user-agent stylesheet (parsed once, at import)."""

    def _ua_stylesheets(self, forms=False):
        return [_USER_AGENT]


def _context(content: PacketContent, *, medium: str, **extra) -> dict:
    return {"content": content, "medium": medium, "basis_text": basis_text(content), **extra}


def basis_text(content: PacketContent) -> str:
    if content.basis == BASIS_SCORES:
        return gettext("Chosen for your sourcing needs by the portal's matchmaking, best match first.")
    if content.basis == BASIS_NEEDS:
        return gettext("Products of the participating producers that meet your sourcing needs.")
    return gettext("All products of the participating producers, highest star rating first.")


def _stylesheet(css: str) -> tuple[FontConfiguration, weasyprint.CSS]:
    """The packet stylesheet parsed once per thread, with its font configuration."""
    cache = getattr(_STYLESHEETS, "parsed", None)
    if cache is None or len(cache) > 4:
        cache = _STYLESHEETS.parsed = {}
    if css not in cache:
        font_config = FontConfiguration()
        stylesheet = weasyprint.CSS(string=css, font_config=font_config, url_fetcher=LocalFilesFetcher())
        cache[css] = (font_config, stylesheet)
    return cache[css]


def render_packet_pdf(content: PacketContent) -> bytes:
    """The catalogue as a PDF: A4, thumbnails embedded from local files, fonts embedded."""
    html = render_to_string(
        "events/packets/pdf.html",
        _context(
            content, medium="pdf", font_faces=font_faces_css(text="Packet Noto", fallback="Packet DejaVu")
        ),
    )
    # The <style> goes to WeasyPrint pre-parsed (see _stylesheet), the page without it. Passed
    # as a user stylesheet it still overrides WeasyPrint's defaults, and the page has no other
    # styles (nor !important) for the change of origin to matter.
    style = _STYLE.search(html)
    font_config, stylesheet = _stylesheet(style.group(1))
    html = _INDENTATION.sub("><", html[: style.start()] + html[style.end() :])
    document = PacketHTML(string=html, base_url=str(settings.MEDIA_ROOT), url_fetcher=LocalFilesFetcher())
    if len(_IMAGE_CACHE) > IMAGE_CACHE_ENTRIES:
        _IMAGE_CACHE.clear()
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config, cache=_IMAGE_CACHE)


def packet_filename(content: PacketContent, *, version: int) -> str:
    return f"catalogue-{content.event_slug}-v{version}.pdf"


def packet_email(
    *, content: PacketContent, pdf: bytes, version: int, recipients: list[str], link: str
) -> EmailMultiAlternatives:
    """The e-mail: a text and an HTML body (meetings, programme, the first products and the
    link to the packet on the portal), with the full catalogue attached as a PDF."""
    context = _context(
        content,
        medium="email",
        link=link,
        top_products=content.top_products[:EMAIL_TOP_PRODUCTS],
    )
    subject = packet_subject(content)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/packets/packet.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    message.attach_alternative(render_to_string("emails/packets/packet.html", context), "text/html")
    message.attach(packet_filename(content, version=version), pdf, "application/pdf")
    return message


def packet_subject(content: PacketContent) -> str:
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    return prefix + gettext("Your catalogue for %(event)s") % {"event": content.event_name}


def packet_link(*, event_slug: str) -> str:
    """The packet's page on the portal, in the active language."""
    return absolute_url(reverse("events:packet_detail", kwargs={"slug": event_slug}))
