from django import template

from incidents.outbox import describe_step

register = template.Library()


@register.filter
def step_label(step: str) -> str:
    return describe_step(step)


@register.filter
def get_item(mapping: dict, key):
    """Look ``key`` up in ``mapping``; None when it is missing."""
    return mapping.get(key)
