"""Uploaded photos and documents are judged by content, capped, re-encoded without metadata."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from producers import images
from tests.factories.producers import jpeg_bytes, png_bytes


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def huge_png(width: int = 20_000, height: int = 20_000) -> bytes:
    """A 1-bit PNG of 400 megapixels that weighs a few kilobytes: a decompression bomb."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def exif_with_gps_and_rotation() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (10.0, 2.0, 0.0), 3: "E", 4: (105.0, 58.0, 0.0)}  # GPS
    return exif.tobytes()


@pytest.mark.parametrize(
    ("maker", "expected_format", "suffix"),
    [(jpeg_bytes, "JPEG", ".jpg"), (png_bytes, "PNG", ".png")],
)
def test_prepare_image_keeps_format_under_random_name(maker, expected_format, suffix):
    prepared = images.prepare_image(upload(maker(), name="Ảnh sản phẩm.jpeg"))
    assert re.fullmatch(r"[0-9a-f]{32}" + re.escape(suffix), prepared.name)
    assert Image.open(io.BytesIO(prepared.read())).format == expected_format


def test_prepare_image_accepts_webp():
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 20), (10, 200, 10, 128)).save(buffer, "WEBP")
    prepared = images.prepare_image(upload(buffer.getvalue(), name="x.webp"))
    assert prepared.name.endswith(".webp")


def test_prepare_image_applies_orientation_and_strips_gps():
    data = jpeg_bytes(size=(80, 40), exif=exif_with_gps_and_rotation())
    assert Image.open(io.BytesIO(data)).getexif().get(0x8825)  # the original has GPS
    prepared = Image.open(io.BytesIO(images.prepare_image(upload(data)).read()))
    assert prepared.size == (40, 80)  # turned upright
    exif = prepared.getexif()
    assert 0x8825 not in exif
    assert 0x0112 not in exif


def test_html_named_jpg_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        images.prepare_image(upload(b"<html><script>alert(1)</script></html>", name="photo.jpg"))
    assert excinfo.value.code == "invalid_image"


def test_gif_is_refused_even_though_pillow_reads_it():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(ValidationError) as excinfo:
        images.prepare_image(upload(buffer.getvalue(), name="a.gif"))
    assert excinfo.value.code == "invalid_image"


def test_truncated_jpeg_is_refused_cleanly():
    with pytest.raises(ValidationError) as excinfo:
        images.prepare_image(upload(jpeg_bytes(size=(200, 200))[:300]))
    assert excinfo.value.code == "invalid_image"


def test_decompression_bomb_is_refused_before_decoding():
    data = huge_png()
    assert len(data) < 200_000
    with pytest.raises(ValidationError) as excinfo:
        images.prepare_image(upload(data, name="bomb.png"))
    assert excinfo.value.code == "image_too_many_pixels"


def test_image_just_over_40_megapixels_is_refused_with_its_size():
    with pytest.raises(ValidationError) as excinfo:
        images.prepare_image(upload(huge_png(8000, 5001), name="big.png"))
    assert excinfo.value.code == "image_too_many_pixels"
    assert "8000×5001" in excinfo.value.messages[0]


def test_file_over_10_mb_is_refused_before_opening():
    data = jpeg_bytes() + b"\0" * (11 * 1024 * 1024)
    with pytest.raises(ValidationError) as excinfo:
        images.prepare_image(upload(data))
    assert excinfo.value.code == "file_too_large"


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        images.prepare_image(upload(b""))
    assert excinfo.value.code == "empty_file"


def test_document_accepts_pdf_as_sent():
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    prepared = images.prepare_document(
        upload(pdf, name="giay-chung-nhan.pdf", content_type="application/pdf")
    )
    assert prepared.name.endswith(".pdf")
    assert prepared.read() == pdf


def test_document_accepts_a_photo_and_refuses_html():
    assert images.prepare_document(upload(png_bytes(), name="scan.png")).name.endswith(".png")
    with pytest.raises(ValidationError) as excinfo:
        images.prepare_document(upload(b"<!doctype html><p>hi", name="scan.pdf"))
    assert excinfo.value.code == "invalid_document"
