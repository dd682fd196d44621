from django import template

from events.selectors import organiser_to_do

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_for_organisers(context) -> list:
    """What waits for the signed-in organiser (events.selectors.organiser_to_do)."""
    return organiser_to_do(user=context["request"].user)
