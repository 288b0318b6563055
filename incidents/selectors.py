from incidents.models import ReportingObligation


def open_obligations():
    """Open obligations of the active workspace, nearest deadline first."""
    return ReportingObligation.objects.filter(status=ReportingObligation.Status.OPEN).select_related(
        "incident"
    ).order_by("due_at")
