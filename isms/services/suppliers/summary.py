"""Reads on the supplier register for pages and the quarterly report."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils import timezone

from civac.tenancy.context import workspace_context
from isms.models import SoAEntry, Supplier, SupplierAssessment

# The Annex A controls on supplier relationships (ISO/IEC 27001:2022), the only SoA entries a supplier links to.
SUPPLIER_CONTROL_REFS = ("A.5.19", "A.5.20", "A.5.21", "A.5.22")


def supplier_soa_entries():
    """SoA entries of controls A.5.19 to A.5.22 in the active workspace."""
    return (SoAEntry.objects.filter(catalogue_control__ref__in=SUPPLIER_CONTROL_REFS)
            .select_related("catalogue_control", "own_control").order_by("catalogue_control__ref"))


def supplier_summary(workspace, *, today: date | None = None) -> dict:
    """Counts for the quarterly report: suppliers by criticality and risk rating, overdue reviews, missing DPAs
    and open questionnaires."""
    today = today or timezone.localdate(timezone.now(), workspace.zone)
    with workspace_context(workspace):
        suppliers = Supplier.objects.all()
        total = suppliers.count()
        by_criticality = {value: suppliers.filter(criticality=value).count() for value in Supplier.Criticality.values}
        by_rating = {value: suppliers.filter(risk_rating=value).count() for value in Supplier.Rating.values}
        reviews_overdue = suppliers.filter(next_review_on__lt=today).count()
        dpa_missing = suppliers.filter(processes_personal_data=True, dpa_signed_on__isnull=True).count()
        assessments = SupplierAssessment.objects.all()
        open_assessments = assessments.filter(status=SupplierAssessment.Status.SENT,
                                              expires_at__gt=timezone.now()).count()
        submitted = assessments.filter(status=SupplierAssessment.Status.SUBMITTED).count()
        critical_unassessed = suppliers.filter(
            Q(criticality__in=[Supplier.Criticality.HIGH, Supplier.Criticality.CRITICAL])
        ).exclude(assessments__status=SupplierAssessment.Status.SUBMITTED).count()
    return {"total": total, "by_criticality": by_criticality, "by_risk_rating": by_rating,
            "reviews_overdue": reviews_overdue, "dpa_missing": dpa_missing,
            "assessments_open": open_assessments, "assessments_submitted": submitted,
            "critical_without_assessment": critical_unassessed}
