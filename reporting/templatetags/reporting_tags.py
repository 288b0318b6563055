from datetime import date, datetime

from django import template

register = template.Library()


@register.filter
def isodate(value: str | None):
    """Parse an ISO date or date-time stored in a report's figures, so templates can format it."""
    if not value:
        return None
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value)


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key) if mapping else None
