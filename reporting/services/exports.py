"""Tables for auditors, each written as CSV, XLSX or PDF.

Every exported text cell goes through ``civac.spreadsheets.neutralise``
(CSV and XLSX), so a title starting with "=" opens as text, not as a formula.
Each export writes an audit event with the file's SHA-256.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civac.audit.models import AuditEvent
from civac.audit.recorder import append_event
from civac.documents import render_pdf, sha256_hex
from civac.spreadsheets import csv_bytes, xlsx_bytes
from incidents.models import Incident, ReportingObligation
from isms.models import Risk
from isms.services.risks.methodology import methodology_for
from isms.services.risks.queries import treatment_plan, with_scores
from isms.services.soa.snapshot import entries_for_rows
from officers.models import Appointment
from officers.selectors import register_rows
from reporting.sections.incidents import deadline_outcome

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# Exports that their own area already serves; the exports page links there and no second route serves it.
EXISTING = {
    ("officers", "xlsx"): "officers:register_xlsx",
    ("officers", "pdf"): "officers:register_pdf",
    ("treatment-plan", "xlsx"): "isms:risk_treatment_plan_xlsx",
    ("treatment-plan", "pdf"): "isms:risk_treatment_plan_pdf",
}
# The PDF of the audit log lists the latest events only; CSV and XLSX hold all of them.
AUDIT_LOG_PDF_ROWS = 2000


@dataclass(frozen=True)
class ExportKind:
    key: str
    title: object
    header: Callable[[], list]
    rows: Callable[[object], list[list]]
    pdf_limit: int | None = None


def _person(user) -> str:
    return (user.get_full_name() or user.email) if user is not None else ""


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _soa_rows(workspace) -> list[list]:
    rows = []
    for entry in entries_for_rows():
        control = entry.catalogue_control or entry.own_control
        rows.append([control.ref, control.title, entry.get_applicability_display(), entry.inclusion_reason,
                     entry.justification, entry.get_status_display(), entry.maturity, _person(entry.owner),
                     entry.notes])
    return rows


def _risk_rows(workspace) -> list[list]:
    methodology = methodology_for(workspace)
    rows = []
    for risk in with_scores(Risk.objects.select_related("owner", "treatment_owner")).order_by("title", "pk"):
        rows.append([risk.title, risk.threat, risk.vulnerability, _person(risk.owner), risk.inherent_likelihood,
                     risk.inherent_impact, str(methodology.band_for(risk.inherent_score_db) or ""),
                     risk.residual_likelihood, risk.residual_impact,
                     str(methodology.band_for(risk.residual_score_db) or ""), risk.get_treatment_option_display(),
                     risk.treatment_description, _person(risk.treatment_owner), risk.treatment_due_on,
                     risk.get_status_display()])
    return rows


def _treatment_rows(workspace) -> list[list]:
    return [[risk.title, risk.get_treatment_option_display(), risk.treatment_description,
             _person(risk.treatment_owner or risk.owner), risk.treatment_due_on, risk.get_status_display()]
            for risk in treatment_plan()]


def _incident_rows(workspace) -> list[list]:
    now = timezone.now()
    rows = []
    incidents = Incident.objects.prefetch_related(
        Prefetch("obligations", queryset=ReportingObligation.objects.order_by("due_at"))).order_by("-aware_at")
    labels = {"met": _("met"), "late": _("submitted late"), "overdue": _("overdue"), "open": _("open, not yet due")}
    for incident in incidents:
        obligations = list(incident.obligations.all()) or [None]
        for obligation in obligations:
            rows.append([incident.title, incident.get_severity_display(), incident.get_status_display(),
                         _local(incident.aware_at),
                         obligation.get_kind_display() if obligation else "",
                         _local(obligation.due_at) if obligation else "",
                         _local(obligation.submitted_at) if obligation else "",
                         obligation.reference_number if obligation else "",
                         labels[deadline_outcome(obligation, now)] if obligation else ""])
    return rows


def _officer_rows(workspace) -> list[list]:
    rows = []
    for row in register_rows(Appointment.objects.select_related("officer", "role", "deputy").order_by("role__name_en")):
        appointment = row["appointment"]
        rows.append([appointment.role.name, appointment.officer.full_name,
                     appointment.deputy.full_name if appointment.deputy else "", appointment.starts_on,
                     appointment.ends_on, appointment.get_status_display(),
                     _("yes") if row["in_office"] else _("no"), row["qualification_expires_on"]])
    return rows


def _audit_rows(workspace) -> list[list]:
    events = AuditEvent.objects.filter(workspace_id=workspace.pk).order_by("-sequence").iterator(chunk_size=2000)
    return [[event.sequence, _local(event.occurred_at), event.actor_label, event.action, event.object_type,
             event.object_repr, event.hash] for event in events]


KINDS = {kind.key: kind for kind in [
    ExportKind("soa", gettext_lazy("Statement of Applicability"),
               lambda: [_("Control"), _("Title"), _("Applicability"), _("Reason for inclusion"),
                        _("Justification for exclusion"), _("Implementation status"), _("Maturity"), _("Owner"),
                        _("Notes")], _soa_rows),
    ExportKind("risks", gettext_lazy("Risk register"),
               lambda: [_("Risk"), _("Threat"), _("Vulnerability"), _("Risk owner"), _("Inherent likelihood"),
                        _("Inherent impact"), _("Inherent band"), _("Residual likelihood"), _("Residual impact"),
                        _("Residual band"), _("Treatment option"), _("Treatment"), _("Treatment owner"),
                        _("Treatment due on"), _("Status")], _risk_rows),
    ExportKind("treatment-plan", gettext_lazy("Risk treatment plan"),
               lambda: [_("Risk"), _("Treatment option"), _("Treatment"), _("Treatment owner"),
                        _("Treatment due on"), _("Status")], _treatment_rows),
    ExportKind("incidents", gettext_lazy("Incident register with deadline performance"),
               lambda: [_("Incident"), _("Severity"), _("Status"), _("Became aware at"), _("Report"), _("Due at"),
                        _("Submitted at"), _("Reference number"), _("Deadline")], _incident_rows),
    ExportKind("officers", gettext_lazy("Officer register"),
               lambda: [_("Role"), _("Officer"), _("Deputy"), _("From"), _("Until"), _("Status"),
                        _("In office today"), _("Qualification expires on")], _officer_rows),
    ExportKind("audit-log", gettext_lazy("Audit log"),
               lambda: [_("Sequence"), _("Time"), _("Actor"), _("Action"), _("Object type"), _("Object"),
                        _("Hash")], _audit_rows, pdf_limit=AUDIT_LOG_PDF_ROWS),
]}


def export_table(*, actor, workspace, kind: ExportKind, file_format: str) -> bytes:
    """Write ``kind`` as ``file_format`` and record the export with its SHA-256; runs in the workspace context."""
    header = [str(name) for name in kind.header()]
    rows = kind.rows(workspace)
    title = str(kind.title)
    if file_format == "csv":
        data = csv_bytes(header, rows)
    elif file_format == "xlsx":
        data = xlsx_bytes(title, header, rows)
    else:
        shown = rows[: kind.pdf_limit] if kind.pdf_limit else rows
        data = render_pdf("reporting/export_pdf.html",
                          {"workspace": workspace, "title": title, "header": header, "rows": shown,
                           "left_out": len(rows) - len(shown), "generated_at": timezone.now()},
                          language=workspace.default_language)
    append_event(workspace_id=workspace.pk, action="export", object_type=f"reporting.export.{kind.key}",
                 object_repr=title, actor=actor,
                 changes={"format": file_format, "rows": len(rows), "sha256": sha256_hex(data)})
    return data
