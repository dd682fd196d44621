"""A printable agenda (A4, WeasyPrint) with a QR code the check-in desk scans.

Fonts are embedded from the system's Noto Sans / DejaVu Sans (full Vietnamese coverage);
the QR code is a PNG data URI. WeasyPrint may read those font files and data URIs only:
rendering an agenda never fetches anything from the network.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path
from urllib.parse import unquote, urlsplit

import qrcode
import weasyprint
from django.template.loader import render_to_string
from qrcode.constants import ERROR_CORRECT_M
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .agenda import Agenda

FONT_FACES = (
    ("Agenda Sans", "normal", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    ("Agenda Sans", "bold", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    # DejaVu Sans also has ★, which Noto Sans lacks.
    ("Agenda Fallback", "normal", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ("Agenda Fallback", "bold", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)
FONT_DIRS = tuple({str(Path(path).parent) for _, _, path in FONT_FACES})


def font_faces_css() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{Path(path).as_uri()}"); }}'
        for family, weight, path in FONT_FACES
        if Path(path).is_file()
    )


def qr_data_uri(text: str) -> str:
    """``text`` as a QR code, a PNG data URI (medium error correction survives a crease)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


class _FontsOnly(URLFetcher):
    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = [Path(d).resolve() for d in FONT_DIRS]

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"agendas read font files only: {url}")
            return URLFetcherResponse(url, path.open("rb"), {"Content-Type": "font/ttf"})
        return super().fetch(url, headers)


def agenda_pdf(agenda: Agenda, *, check_in_url: str) -> bytes:
    """The agenda as a PDF, in the active language."""
    html = render_to_string(
        "matchmaking/agenda/pdf.html",
        {"agenda": agenda, "font_faces": font_faces_css(), "qr_code": qr_data_uri(check_in_url)},
    )
    return weasyprint.HTML(string=html, base_url="/", url_fetcher=_FontsOnly()).write_pdf()


def agenda_pdf_filename(agenda: Agenda) -> str:
    return f"agenda-{agenda.event.slug}-{agenda.participation.pk}.pdf"
