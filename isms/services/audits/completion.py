"""Completing an internal audit and its report PDF, stored with the SHA-256 named in the audit event."""

from __future__ import annotations

from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.documents import render_pdf, sha256_hex
from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from isms.models import AuditChecklistItem, InternalAudit
from isms.services.audits.audits import ensure_planned

REPORT_TEMPLATE = "isms/audits/report_pdf.html"


def _report_context(audit: InternalAudit, *, conclusion: str, completed_at: datetime | None, completed_by) -> dict:
    return {
        "workspace": audit.workspace, "audit": audit, "conclusion": conclusion,
        "completed_at": completed_at, "completed_by": completed_by, "generated_at": timezone.now(),
        "auditors": list(audit.auditors.select_related("member")),
        "checklist": list(audit.checklist.all()),
        "findings": list(audit.findings.select_related("checklist_item")),
    }


def _check_ready(audit: InternalAudit, conclusion: str) -> None:
    ensure_planned(audit)
    if not conclusion:
        raise field_error("conclusion", _("Write the audit conclusion before completing the audit."),
                          "conclusion_missing")
    if not audit.auditors.exists():
        raise field_error("audit", _("Name at least one auditor before completing the audit."), "auditor_missing")
    if not audit.checklist.exists():
        raise field_error("audit", _("Build the checklist before completing the audit."), "checklist_missing")
    unchecked = audit.checklist.filter(result=AuditChecklistItem.Result.NOT_CHECKED).count()
    if unchecked:
        raise field_error("audit", _("%(count)s checklist items have no result yet; assess them or mark them as "
                                     "not applicable.") % {"count": unchecked}, "checklist_unchecked")


def audit_complete(*, actor, audit: InternalAudit, conclusion: str, now: datetime | None = None) -> InternalAudit:
    """Complete the audit and store its report; call outside a transaction, because rendering is slow.

    Steps: 1. check the audit is ready, 2. render the PDF without holding any
    lock, 3. lock the audit, check again (a concurrent completion wins), store
    the file and write the event with its SHA-256 in one transaction.
    """
    now = now or timezone.now()
    conclusion = (conclusion or "").strip()
    with workspace_context(audit.workspace):
        _check_ready(audit, conclusion)
        pdf = render_pdf(REPORT_TEMPLATE, _report_context(audit, conclusion=conclusion, completed_at=now,
                                                          completed_by=actor),
                         language=audit.workspace.default_language)
    digest = sha256_hex(pdf)
    with transaction.atomic(), workspace_context(audit.workspace):
        locked = InternalAudit.objects.select_for_update().get(pk=audit.pk)
        _check_ready(locked, conclusion)
        # NOTE: if the transaction rolls back after this line, the stored file stays as an orphan in storage.
        locked.report_file.save(f"audit-report-{locked.pk}.pdf", ContentFile(pdf), save=False)
        locked.report_sha256 = digest
        locked.conclusion = conclusion
        locked.status = InternalAudit.Status.COMPLETED
        locked.completed_at = now
        locked.completed_by = actor
        locked.save()
        append_event(workspace_id=locked.workspace_id, action="complete", object_type="isms.internalaudit",
                     object_id=str(locked.pk), object_repr=locked.title, actor=actor,
                     changes={"report_sha256": digest, "findings": locked.findings.count()})
    return locked


def audit_report_pdf(*, actor, audit: InternalAudit) -> tuple[bytes, bool]:
    """Return the report PDF and whether it is the final one.

    A completed audit returns exactly the stored file (event "download"); a
    planned audit gets a draft rendered now (event "export"). Both events carry
    the file's SHA-256. Slow for drafts, so call it outside a transaction.
    """
    with workspace_context(audit.workspace):
        if audit.is_completed and audit.report_file:
            with audit.report_file.open("rb") as handle:
                pdf = handle.read()
            action = "download"
        else:
            pdf = render_pdf(REPORT_TEMPLATE, _report_context(audit, conclusion=audit.conclusion, completed_at=None,
                                                              completed_by=None),
                             language=audit.workspace.default_language)
            action = "export"
        append_event(workspace_id=audit.workspace_id, action=action, object_type="isms.internalaudit",
                     object_id=str(audit.pk), object_repr=audit.title, actor=actor,
                     changes={"format": "pdf", "final": action == "download", "sha256": sha256_hex(pdf)})
    return pdf, action == "download"
