"""The content each report kind requires, its form, and its PDF and plain-text renderings."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from civac.documents import render_pdf
from incidents.models import Incident, ObligationKind

TEXT = "text"
FLAG = "flag"
SEVERITY = "severity"

FIELD_LABELS = {
    "summary": _("Summary of the incident"),
    "suspected_malicious": _("Unlawful or malicious act suspected"),
    "cross_border_impact": _("Possible cross-border impact"),
    "severity": _("Severity"),
    "impact": _("Impact"),
    "indicators_of_compromise": _("Indicators of compromise"),
    "update": _("Updates to the early warning"),
    "description": _("Detailed description, including severity and impact"),
    "root_cause": _("Type of threat or likely root cause"),
    "measures": _("Mitigation measures taken and ongoing"),
    "cross_border_details": _("Cross-border impact"),
    "status_update": _("Status update"),
    "nature": _("Nature of the breach, categories and approximate number of data subjects and records"),
    "contact": _("Name and contact details of the data protection officer or other contact point"),
    "consequences": _("Likely consequences of the breach"),
    "classification": _("Classification criteria met"),
    "facility": _("Type of affected facility and critical service"),
}

# Content per report kind, following the statute that requires the report:
# §32(1) Nr. 1, 2, 4 BSIG; Art. 33(3) GDPR; Art. 19(4) DORA; §18 KRITIS-DachG; Art. 19a/24 eIDAS.
_FINAL = [("description", TEXT), ("root_cause", TEXT), ("measures", TEXT), ("cross_border_details", TEXT)]
REPORT_FIELDS = {
    ObligationKind.NIS2_EARLY_WARNING: [("suspected_malicious", FLAG), ("cross_border_impact", FLAG),
                                        ("summary", TEXT)],
    ObligationKind.NIS2_NOTIFICATION: [("severity", SEVERITY), ("impact", TEXT), ("indicators_of_compromise", TEXT),
                                       ("update", TEXT)],
    ObligationKind.NIS2_INTERIM_REPORT: [("status_update", TEXT)],
    ObligationKind.NIS2_FINAL_REPORT: _FINAL,
    ObligationKind.NIS2_FINAL_AFTER_PROGRESS: _FINAL,
    ObligationKind.GDPR_BREACH: [("nature", TEXT), ("contact", TEXT), ("consequences", TEXT), ("measures", TEXT)],
    ObligationKind.DORA_INITIAL: [("summary", TEXT), ("classification", TEXT), ("impact", TEXT)],
    ObligationKind.DORA_INTERMEDIATE: [("description", TEXT), ("impact", TEXT), ("measures", TEXT)],
    ObligationKind.DORA_FINAL: [("description", TEXT), ("root_cause", TEXT), ("measures", TEXT), ("impact", TEXT)],
    ObligationKind.KRITIS_INITIAL: [("summary", TEXT), ("facility", TEXT), ("impact", TEXT)],
    ObligationKind.KRITIS_REPORT: [("description", TEXT), ("facility", TEXT), ("measures", TEXT)],
    ObligationKind.EIDAS_BREACH: [("summary", TEXT), ("impact", TEXT), ("measures", TEXT)],
}
MAX_TEXT = 20000


def report_form_class(kind: str) -> type[forms.Form]:
    fields = {}
    for name, field_type in REPORT_FIELDS[kind]:
        label = FIELD_LABELS[name]
        if field_type == FLAG:
            fields[name] = forms.BooleanField(label=label, required=False)
        elif field_type == SEVERITY:
            fields[name] = forms.ChoiceField(label=label, choices=Incident.Severity.choices)
        else:
            fields[name] = forms.CharField(label=label, required=False, max_length=MAX_TEXT,
                                           widget=forms.Textarea(attrs={"rows": 4}))
    return type(f"{kind.title().replace('_', '')}ReportForm", (forms.Form,), fields)


def initial_content(obligation) -> dict:
    """Start a report from what the incident already records."""
    incident = obligation.incident
    known = {"suspected_malicious": incident.suspected_malicious, "cross_border_impact": incident.cross_border_impact,
             "severity": incident.severity, "summary": incident.description, "description": incident.description}
    names = [name for name, _type in REPORT_FIELDS[obligation.kind]]
    return {name: known[name] for name in names if name in known} | {
        name: value for name, value in obligation.report_content.items() if name in names}


def _context(obligation, content: dict) -> dict:
    rows = []
    for name, field_type in REPORT_FIELDS[obligation.kind]:
        value = content.get(name, "")
        if field_type == FLAG:
            value = _("yes") if value else _("no")
        elif field_type == SEVERITY:
            value = Incident.Severity(value).label if value in Incident.Severity.values else ""
        rows.append((FIELD_LABELS[name], value))
    return {"obligation": obligation, "incident": obligation.incident, "workspace": obligation.workspace,
            "rows": rows, "generated_at": timezone.now()}


def render_report_pdf(obligation, content: dict) -> bytes:
    workspace = obligation.workspace
    with timezone.override(workspace.zone):
        return render_pdf("incidents/report.html", _context(obligation, content), language=workspace.default_language)


def render_report_text(obligation, content: dict) -> str:
    workspace = obligation.workspace
    with translation.override(workspace.default_language), timezone.override(workspace.zone):
        return render_to_string("incidents/report.txt", _context(obligation, content))
