"""Internal audits: programme, planning, auditors, checklists, findings, completion and the report."""

from isms.services.audits.audits import audit_create, audit_update, auditor_add, auditor_remove
from isms.services.audits.checklist import checklist_build, checklist_item_assess, clause_choices
from isms.services.audits.completion import audit_complete, audit_report_pdf
from isms.services.audits.findings import finding_create
from isms.services.audits.programmes import programme_create, programme_update
from isms.services.audits.selectors import audit_summary

__all__ = ["audit_complete", "audit_create", "audit_report_pdf", "audit_summary", "audit_update", "auditor_add",
           "auditor_remove", "checklist_build", "checklist_item_assess", "clause_choices", "finding_create",
           "programme_create", "programme_update"]
