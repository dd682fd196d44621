"""Uploaded photos and documents, judged by their content and never by their name.

Photos: JPEG, PNG or WebP only, at most 10 MB and 40 megapixels (checked from the header,
before anything is decoded), orientation applied, re-encoded so that metadata such as EXIF
and GPS positions is dropped, and stored under a random name. Documents (certificate scans,
certification papers) are such an image or a PDF (``%PDF-`` header), at most 10 MB.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow's own guard: it refuses to open anything above twice this (DecompressionBombError).
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Many phone cameras write JPEGs with a multi-picture extension that Pillow calls MPO.
ALIASES = {"MPO": "JPEG"}
PDF_MAGIC = b"%PDF-"


class PreparedFile(ContentFile):
    """A checked, re-encoded upload under a random name, ready to be stored."""

    content_type: str = ""


def _reject_size(upload) -> None:
    size = getattr(upload, "size", None)
    if size is None:
        return
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s. Please send a smaller photo or scan."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not a photo we can use: send a JPEG, PNG or WebP image."), code="invalid_image"
    )


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        _("This image is %(width)s×%(height)s pixels; the limit is 40 megapixels."),
        code="image_too_many_pixels",
        params={"width": width, "height": height},
    )


def _rewind(upload) -> None:
    if hasattr(upload, "seek"):
        upload.seek(0)


def _open(upload) -> Image.Image:
    """Open (header only) and check format and pixel count before decoding anything."""
    _rewind(upload)
    with warnings.catch_warnings():
        # Between the cap and twice it Pillow only warns: the check below answers instead,
        # naming the size. Beyond twice the cap Pillow refuses to open it at all.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload)
        except Image.DecompressionBombError as exc:
            raise ValidationError(
                _("This image has far too many pixels; the limit is 40 megapixels."),
                code="image_too_many_pixels",
            ) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise _not_an_image() from exc
    if ALIASES.get(image.format, image.format) not in FORMATS:
        raise _not_an_image()
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(width, height)
    return image


def prepare_image(upload) -> PreparedFile:
    """Check an uploaded photo and return it re-encoded, upright, without metadata, under a
    random name. Raises ValidationError with a message for the user when it is unusable."""
    if isinstance(upload, PreparedFile):
        return upload
    _reject_size(upload)
    image = _open(upload)
    image_format = ALIASES.get(image.format, image.format)
    try:
        image.verify()  # structure and checksums; the object is unusable afterwards
        image = _open(upload)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # size checked above
            image.load()
            image = ImageOps.exif_transpose(image)
        icc_profile = image.info.get("icc_profile")
        buffer = io.BytesIO()
        options = {"icc_profile": icc_profile} if icc_profile else {}
        if image_format == "JPEG":
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.save(buffer, "JPEG", quality=88, optimize=True, **options)
        elif image_format == "WEBP":
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            image = image.convert("RGBA" if has_alpha else "RGB")
            image.save(buffer, "WEBP", quality=85, **options)
        else:
            if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
                image = image.convert("RGBA")
            image.save(buffer, "PNG", optimize=True, **options)
    except ValidationError:
        raise
    except Exception as exc:  # a truncated or corrupt file fails anywhere inside Pillow
        raise _not_an_image() from exc
    finally:
        _rewind(upload)
    prepared = PreparedFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{FORMATS[image_format]}")
    prepared.content_type = Image.MIME[image_format]
    return prepared


def prepare_document(upload) -> PreparedFile:
    """A certificate scan or certification document: a PDF kept as sent, or a photo prepared
    as above. Raises ValidationError with a message for the user otherwise."""
    if isinstance(upload, PreparedFile):
        return upload
    _reject_size(upload)
    _rewind(upload)
    head = upload.read(len(PDF_MAGIC))
    if head == PDF_MAGIC:
        _rewind(upload)
        data = upload.read()
        _rewind(upload)
        prepared = PreparedFile(data, name=f"{uuid.uuid4().hex}.pdf")
        prepared.content_type = "application/pdf"
        return prepared
    try:
        return prepare_image(upload)
    except ValidationError as exc:
        if exc.code == "invalid_image":
            raise ValidationError(
                _("This file is not a document we can use: send a PDF, or a JPEG, PNG or WebP scan."),
                code="invalid_document",
            ) from exc
        raise
