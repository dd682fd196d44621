"""Template helpers of the buyer pages."""

import logging

from django import template

register = template.Library()
logger = logging.getLogger(__name__)


@register.filter
def thumbnail_url(image, spec: str = "card") -> str:
    """The URL of a product photo's thumbnail (``card``, ``detail``, ``pdf``), made on first
    use; "" when the photo file is missing or unreadable, so one lost file shows a
    placeholder instead of breaking a whole page."""
    if not image:  # no photo ("" from |first on an empty list)
        return ""
    try:
        return getattr(image, spec).url
    except (OSError, ValueError, SyntaxError):  # Pillow raises SyntaxError on some broken files
        logger.warning(
            "no %s thumbnail for product photo %s", spec, getattr(image, "pk", None), exc_info=True
        )
        return ""
