"""A printable agenda (A4, WeasyPrint) with a QR code the check-in desk scans.

Fonts are embedded from the system's Noto Sans / DejaVu Sans (full Vietnamese coverage);
the QR code is a PNG data URI. WeasyPrint may read those font files and data URIs only:
rendering an agenda never fetches anything from the network.
"""

from __future__ import annotations

import weasyprint
from django.template.loader import render_to_string

from ocop_portal.pdf import LocalFilesFetcher, font_faces_css, qr_data_uri

from .agenda import Agenda


def agenda_pdf(agenda: Agenda, *, check_in_url: str) -> bytes:
    """The agenda as a PDF, in the active language."""
    html = render_to_string(
        "matchmaking/agenda/pdf.html",
        {
            "agenda": agenda,
            "font_faces": font_faces_css(text="Agenda Sans", fallback="Agenda Fallback"),
            "qr_code": qr_data_uri(check_in_url),
        },
    )
    return weasyprint.HTML(string=html, base_url="/", url_fetcher=LocalFilesFetcher(media=False)).write_pdf()


def agenda_pdf_filename(agenda: Agenda) -> str:
    return f"agenda-{agenda.event.slug}-{agenda.participation.pk}.pdf"
