from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models import Incident, ReportingObligation
from reporting.sections import SectionInput, register

# Incidents listed one by one; the counts cover all of them.
LISTED_INCIDENTS = 40


def deadline_outcome(obligation: ReportingObligation, now) -> str:
    """Classify an obligation: met, late (submitted after the due time), overdue (still open) or open."""
    if obligation.submitted_at is not None:
        return "met" if obligation.submitted_at <= obligation.due_at else "late"
    return "overdue" if obligation.due_at < now else "open"


@register("incidents", _("Incidents and reporting deadlines"), order=30)
def incident_overview(section: SectionInput) -> dict:
    """List incidents that were open at any time in the quarter, with each reporting deadline's outcome."""
    now = timezone.now()
    incidents = (
        Incident.objects.filter(aware_at__lt=section.period_end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=section.period_start))
        .prefetch_related(Prefetch("obligations", queryset=ReportingObligation.objects.order_by("due_at")))
        .order_by("-aware_at")
    )
    outcomes = {"met": 0, "late": 0, "overdue": 0, "open": 0}
    rows, total, new, significant = [], 0, 0, 0
    for incident in incidents:
        total += 1
        new += incident.aware_at >= section.period_start
        significant += bool(incident.significant)
        deadlines = []
        for obligation in incident.obligations.all():
            outcome = deadline_outcome(obligation, now)
            outcomes[outcome] += 1
            deadlines.append({"kind": str(obligation.get_kind_display()), "due_at": obligation.due_at.isoformat(),
                              "outcome": outcome})
        if len(rows) < LISTED_INCIDENTS:
            rows.append({"title": incident.title, "aware_at": incident.aware_at.isoformat(),
                         "status": str(incident.get_status_display()),
                         "severity": str(incident.get_severity_display()), "deadlines": deadlines})
    return {"total": total, "new": new, "significant": significant, "outcomes": outcomes, "rows": rows,
            "not_listed": max(total - len(rows), 0)}
