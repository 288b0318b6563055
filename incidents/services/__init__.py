"""Writes on incidents, their reporting obligations and assessments; each one audited."""

from incidents.services.assessment import significance_assess
from incidents.services.incident import incident_close, incident_create, incident_update_facts, timeline_add
from incidents.services.obligation import (
    interim_report_request,
    obligation_acknowledge,
    obligation_submit,
    open_applicable_obligations,
    report_save,
)

__all__ = [
    "incident_close", "incident_create", "incident_update_facts", "interim_report_request",
    "obligation_acknowledge", "obligation_submit", "open_applicable_obligations", "report_save", "significance_assess",
    "timeline_add",
]
