"""Figures on internal audits for the quarterly report and the management review."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.utils import timezone

from civac.tenancy.context import workspace_context
from isms.models import AuditFinding, InternalAudit


def audit_summary(workspace, period_start: date, period_end: date) -> dict:
    """Count the audits that start within the period (both days included) and their findings.

    ``open_audits`` lists the audits of the period that are not completed, in
    start order, with ``overdue`` true when their last day is before today in
    the workspace's time zone. The lists hold model instances, so callers read
    them inside ``workspace_context`` or copy what they need.
    """
    today = timezone.localdate(timezone.now(), workspace.zone)
    with workspace_context(workspace):
        audits = InternalAudit.objects.filter(starts_on__gte=period_start, starts_on__lte=period_end)
        by_status = dict(audits.values_list("status").annotate(count=Count("pk")).order_by())
        findings = dict(AuditFinding.objects.filter(audit__in=audits).values_list("kind")
                        .annotate(count=Count("pk")).order_by())
        open_audits = [{"audit": audit, "overdue": audit.ends_on < today}
                       for audit in audits.filter(status=InternalAudit.Status.PLANNED).select_related("programme")]
    return {
        "period_start": period_start,
        "period_end": period_end,
        "planned": by_status.get(InternalAudit.Status.PLANNED, 0),
        "completed": by_status.get(InternalAudit.Status.COMPLETED, 0),
        "findings": {kind: findings.get(kind, 0) for kind in AuditFinding.Kind.values},
        "nonconformities": sum(findings.get(kind, 0) for kind in AuditFinding.NONCONFORMITIES),
        "open_audits": open_audits,
    }
