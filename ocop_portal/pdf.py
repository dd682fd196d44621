"""What every PDF the portal makes with WeasyPrint shares: the fonts, what it may read, QR codes.

Fonts with full Vietnamese coverage, embedded when present: Noto Sans for the text, DejaVu
Sans for what Noto Sans lacks (the ★). WeasyPrint reads those font files, data: URIs and, for
documents with photos, files under MEDIA_ROOT (or a remote MEDIA_URL): never anything else
from the disk or the network.
"""

from __future__ import annotations

import base64
import io
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

import qrcode
from django.conf import settings
from qrcode.constants import ERROR_CORRECT_M
from weasyprint.urls import URLFetcher, URLFetcherResponse

# (role, weight, file): "text" is the document's font, "fallback" fills its gaps.
FONT_FILES = (
    ("text", "normal", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    ("text", "bold", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    ("fallback", "normal", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ("fallback", "bold", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)
FONT_DIRS = tuple(sorted({str(Path(path).parent) for _, _, path in FONT_FILES}))


def font_faces_css(*, text: str, fallback: str) -> str:
    """@font-face rules naming the fonts present on this machine ``text`` and ``fallback``
    (fontconfig finds the rest)."""
    families = {"text": text, "fallback": fallback}
    return "\n".join(
        f'@font-face {{ font-family: "{families[role]}"; font-weight: {weight}; '
        f'src: url("{Path(path).as_uri()}"); }}'
        for role, weight, path in FONT_FILES
        if Path(path).is_file()
    )


class LocalFilesFetcher(URLFetcher):
    """Lets WeasyPrint read the font files and data: URIs, and with ``media=True`` the files
    under MEDIA_ROOT (photos) or behind a remote MEDIA_URL; nothing else."""

    def __init__(self, *, media: bool = True, **kwargs) -> None:
        protocols = ("file", "data", "http", "https") if media else ("file", "data")
        super().__init__(allowed_protocols=protocols, **kwargs)
        self.roots = [Path(d).resolve() for d in FONT_DIRS]
        self.remote_prefix = None
        if media:
            self.roots.append(Path(settings.MEDIA_ROOT).resolve())
            media_url = str(settings.MEDIA_URL)
            # Remote media storage (S3...) serves thumbnails from an absolute MEDIA_URL.
            if media_url.startswith(("http://", "https://")):
                self.remote_prefix = media_url

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
            raise ValueError(f"PDFs do not fetch from the network: {url}")
        return super().fetch(url, headers)


def qr_data_uri(text: str) -> str:
    """``text`` as a QR code, a PNG data URI (medium error correction survives a crease)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
