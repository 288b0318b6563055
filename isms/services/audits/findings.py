"""Recording findings of an internal audit."""

from django.db import transaction
from django.utils.translation import gettext as _

from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from isms.models import AuditChecklistItem, AuditFinding, InternalAudit
from isms.services.audits.audits import ensure_planned


def finding_create(*, actor, audit: InternalAudit, kind: str, title: str, statement: str, evidence_note: str = "",
                   checklist_item: AuditChecklistItem | None = None) -> AuditFinding:
    """Record a finding; a finding on a checklist item marks that item as "finding recorded"."""
    title = (title or "").strip()
    statement = (statement or "").strip()
    if kind not in AuditFinding.Kind.values:
        raise field_error("kind", _("Choose the kind of finding: major or minor nonconformity, observation or "
                                    "opportunity for improvement."), "kind_invalid")
    if not title:
        raise field_error("title", _("Enter a short title for the finding."), "title_missing")
    if not statement:
        raise field_error("statement", _("Describe what was found and against which requirement."),
                          "statement_missing")
    with transaction.atomic(), workspace_context(audit.workspace):
        locked = InternalAudit.objects.select_for_update().get(pk=audit.pk)
        ensure_planned(locked)
        if checklist_item is not None and checklist_item.audit_id != locked.pk:
            raise field_error("checklist_item", _("Choose a requirement from this audit's checklist."),
                              "item_other_audit")
        finding = AuditFinding.objects.create(workspace=locked.workspace, audit=locked, kind=kind, title=title,
                                              statement=statement, evidence_note=(evidence_note or "").strip(),
                                              checklist_item=checklist_item)
        if checklist_item is not None and checklist_item.result != AuditChecklistItem.Result.FINDING:
            checklist_item.result = AuditChecklistItem.Result.FINDING
            checklist_item.save()
        return finding
