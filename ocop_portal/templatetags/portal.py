"""Formatting shared by every page: money in VND (``1.250.000 ₫``), absolute links."""

from django import template

from ocop_portal.absolute_urls import absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute(context, path: str) -> str:
    """``path`` as a full URL on the host the visitor is on (a shared link's preview needs one)."""
    return absolute_url(path, request=context.get("request")) if path else ""


def format_vnd(amount: int | None) -> str:
    if amount is None:
        return ""
    return f"{int(amount):,}".replace(",", ".") + " ₫"


@register.filter
def vnd(amount: int | None) -> str:
    return format_vnd(amount)


@register.simple_tag
def vnd_range(low: int | None, high: int | None) -> str:
    if low is None or high is None or low == high:
        return format_vnd(low if low is not None else high)
    return f"{format_vnd(low)} – {format_vnd(high)}"
