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


# Outstanding acknowledgements listed on the dashboard card; the card counts all of them.
DASHBOARD_OPEN_ACKNOWLEDGEMENTS = 5


@register.simple_tag
def reporting_dashboard():
    """Return the latest report and the outstanding acknowledgements of the active workspace, in two queries."""
    from django.db.models import Count, Q

    from reporting.models import QuarterlyReport, ReportAcknowledgement

    latest = (QuarterlyReport.objects.annotate(
        requested=Count("acknowledgements"),
        acknowledged=Count("acknowledgements", filter=Q(acknowledgements__acknowledged_at__isnull=False)),
    ).order_by("-year", "-quarter", "-version").first())
    outstanding = list(ReportAcknowledgement.objects.filter(
        acknowledged_at__isnull=True, report__status=QuarterlyReport.Status.RELEASED,
    ).select_related("user", "report").order_by("report__released_at", "user__last_name", "user__email")
        [:DASHBOARD_OPEN_ACKNOWLEDGEMENTS + 1])
    return {"latest": latest, "outstanding": outstanding[:DASHBOARD_OPEN_ACKNOWLEDGEMENTS],
            "more_outstanding": len(outstanding) > DASHBOARD_OPEN_ACKNOWLEDGEMENTS}
