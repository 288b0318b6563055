"""Show instants in the active (workspace) time zone, always naming the zone."""

from datetime import datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def zoned(value: datetime | None) -> str:
    """04.12.2026 21:15 Europe/Berlin (CET) in German; the English format in English."""
    if value is None:
        return "–"
    local = timezone.localtime(value)
    zone_name = str(timezone.get_current_timezone())
    stamp = formats.date_format(local, "SHORT_DATETIME_FORMAT")
    return f"{stamp} {zone_name} ({local.tzname()})"


@register.filter
def countdown(due: datetime | None, now: datetime | None = None) -> str:
    """Remaining time until ``due`` in days, hours and minutes, or how long it is overdue."""
    if due is None:
        return ""
    now = now or timezone.now()
    seconds = int((due - now).total_seconds())
    overdue = seconds < 0
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(_("%(count)d d") % {"count": days})
    if days or hours:
        parts.append(_("%(count)d h") % {"count": hours})
    parts.append(_("%(count)d min") % {"count": minutes})
    span = " ".join(parts)
    return _("overdue by %(span)s") % {"span": span} if overdue else _("%(span)s left") % {"span": span}


@register.filter
def is_overdue(due: datetime | None) -> bool:
    return due is not None and due < timezone.now()
