"""Reads for the SoA list: filters that keep the number of queries constant."""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from isms.models import EvidenceFile, MeasureArea, OwnControlArea, RiskControl, SoAEntry


def _count_of(queryset: QuerySet, column: str) -> Coalesce:
    """Count ``queryset``'s rows per ``column`` as a correlated subquery, 0 where there are none."""
    counted = queryset.order_by().values(column).annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def soa_list_queryset() -> QuerySet:
    """Entries of the active workspace with their control, owner, measure areas and counts of linked rows.

    ``risk_count`` and ``evidence_count`` are subqueries, so the list needs the
    same number of statements however many risks and files a workspace holds.
    """
    evidence = EvidenceFile.objects.filter(subject_type=SoAEntry._meta.label_lower, subject_id=OuterRef("pk"),
                                           withdrawn_at__isnull=True)
    return (
        SoAEntry.objects.select_related("catalogue_control", "own_control", "owner")
        .prefetch_related(
            "catalogue_control__measure_areas",
            Prefetch("own_control__area_links", queryset=OwnControlArea.objects.select_related("area")),
        )
        .annotate(risk_count=_count_of(RiskControl.objects.filter(soa_entry=OuterRef("pk")), "soa_entry"),
                  evidence_count=_count_of(evidence, "subject_id"))
        .order_by(F("catalogue_control__position").asc(nulls_last=True), "own_control__ref")
    )


def filter_entries(queryset: QuerySet, *, q: str = "", theme: str = "", status: str = "", applicability: str = "",
                   area: int | None = None) -> QuerySet:
    """Narrow ``queryset`` by the SoA list's filters; empty values do not filter."""
    if q:
        queryset = queryset.filter(
            Q(catalogue_control__ref__icontains=q) | Q(catalogue_control__title_en__icontains=q)
            | Q(catalogue_control__title_de__icontains=q) | Q(own_control__ref__icontains=q)
            | Q(own_control__title__icontains=q) | Q(notes__icontains=q) | Q(justification__icontains=q)
            | Q(inclusion_reason__icontains=q)
        )
    if theme:
        queryset = queryset.filter(Q(catalogue_control__theme=theme) | Q(own_control__theme=theme))
    if status:
        queryset = queryset.filter(status=status)
    if applicability:
        queryset = queryset.filter(applicability=applicability)
    if area is not None:
        # Subqueries, not joins, so that a control mapped to several areas appears once.
        mapped = MeasureArea.controls.through.objects.filter(measurearea__number=area).values("cataloguecontrol_id")
        own = OwnControlArea.objects.filter(area__number=area).values("control_id")
        queryset = queryset.filter(Q(catalogue_control__in=mapped) | Q(own_control__in=own))
    return queryset
