"""A packet as a PDF (WeasyPrint) and as an HTML e-mail with that PDF attached.

Render inside ``translation.override`` of the reader's language, as the content is built.
WeasyPrint only reads local files under MEDIA_ROOT and the font folders (and data: URIs):
a packet never makes the worker fetch anything from the network.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .content import BASIS_NEEDS, BASIS_SCORES, PacketContent

logger = logging.getLogger(__name__)

EMAIL_TOP_PRODUCTS = 10

# WeasyPrint's image cache, kept per worker process: the packets of one event share most of
# their thumbnails, whose headers are then read once (the bytes stay on disk until written).
# Keyed by file URI: a new photo gets a new file name. Emptied when it grows large.
IMAGE_CACHE_ENTRIES = 4000
_IMAGE_CACHE: dict = {}

# Fonts with full Vietnamese coverage, declared when present: Noto Sans for the text, then
# DejaVu Sans for what Noto Sans lacks (the ★).
FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu")
FONT_FACES = {
    "Packet Noto": {
        "normal": "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "bold": "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    },
    "Packet DejaVu": {
        "normal": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    },
}


def font_faces_css() -> str:
    """@font-face rules for the fonts present on this machine (fontconfig finds the rest)."""
    rules = []
    for family, faces in FONT_FACES.items():
        for weight, path in faces.items():
            if Path(path).is_file():
                rules.append(
                    f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                    f'src: url("{Path(path).as_uri()}"); }}'
                )
    return "\n".join(rules)


class LocalFilesFetcher(URLFetcher):
    """Lets WeasyPrint read the thumbnails and fonts, and nothing else."""

    def __init__(self, **kwargs) -> None:
        super().__init__(allowed_protocols=("file", "data", "http", "https"), **kwargs)
        self.roots = [Path(settings.MEDIA_ROOT).resolve(), *(Path(d).resolve() for d in FONT_DIRS)]
        media_url = str(settings.MEDIA_URL)
        # Remote media storage (S3...) serves thumbnails from an absolute MEDIA_URL.
        self.remote_prefix = media_url if media_url.startswith(("http://", "https://")) else None

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"not a media or font file: {url}")
            # Straight from disk: urllib's file handler costs a few ms per thumbnail.
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.open("rb"), {"Content-Type": mime_type})
        remote_media = self.remote_prefix and url.startswith(self.remote_prefix)
        if parts.scheme in ("http", "https") and not remote_media:
            raise ValueError(f"packets do not fetch from the network: {url}")
        return super().fetch(url, headers)


def _context(content: PacketContent, *, medium: str, **extra) -> dict:
    return {"content": content, "medium": medium, "basis_text": basis_text(content), **extra}


def basis_text(content: PacketContent) -> str:
    if content.basis == BASIS_SCORES:
        return gettext("Chosen for your sourcing needs by the portal's matchmaking, best match first.")
    if content.basis == BASIS_NEEDS:
        return gettext("Products of the participating producers that meet your sourcing needs.")
    return gettext("All products of the participating producers, highest star rating first.")


def render_packet_pdf(content: PacketContent) -> bytes:
    """The catalogue as a PDF: A4, thumbnails embedded from local files, fonts embedded."""
    html = render_to_string(
        "events/packets/pdf.html", _context(content, medium="pdf", font_faces=font_faces_css())
    )
    document = weasyprint.HTML(
        string=html, base_url=str(settings.MEDIA_ROOT), url_fetcher=LocalFilesFetcher()
    )
    if len(_IMAGE_CACHE) > IMAGE_CACHE_ENTRIES:
        _IMAGE_CACHE.clear()
    return document.write_pdf(cache=_IMAGE_CACHE)


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


def site_url() -> str:
    """Where links in e-mails point: settings.SITE_URL, else the first real allowed host."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    hosts = [h for h in settings.ALLOWED_HOSTS if h not in ("*", "", "testserver") and not h.startswith(".")]
    host = hosts[0] if hosts else "localhost"
    if settings.DEBUG:
        return f"http://{host}:8000" if host in ("127.0.0.1", "localhost") else f"http://{host}"
    return f"https://{host}"


def packet_link(*, event_slug: str) -> str:
    """The packet's page on the portal, in the active language."""
    return site_url() + reverse("events:packet_detail", kwargs={"slug": event_slug})
