from datetime import date

from django import template
from django.utils import timezone

from isms.services.audits import audit_summary
from isms.services.corrective import corrective_action_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_card_figures(context) -> dict:
    """Figures of the current calendar year for the overview card."""
    workspace = context["workspace"]
    year = timezone.localdate(timezone.now(), workspace.zone).year
    summary = audit_summary(workspace, date(year, 1, 1), date(year, 12, 31))
    return {"year": year, "planned": summary["planned"], "completed": summary["completed"],
            "nonconformities": summary["nonconformities"],
            "overdue": sum(1 for item in summary["open_audits"] if item["overdue"])}


@register.simple_tag(takes_context=True)
def corrective_card_figures(context) -> dict:
    return corrective_action_summary(context["workspace"])
