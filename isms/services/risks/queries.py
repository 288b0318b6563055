"""Reads on risks for lists, the heat map, the treatment plan and the overview card.

Scores are computed in SQL (likelihood x impact) and bands compared as score
ranges, so filters by band need no stored score that a methodology change
would have to rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from isms.models import Asset, Band, Risk, RiskMethodology

BASES = ("inherent", "residual")


@dataclass(frozen=True)
class RiskFilters:
    """The risk list's filters; empty values do not filter."""

    text: str = ""
    band: str = ""
    status: str = ""
    owner_id: int | None = None
    asset_id: object = None
    treatment_option: str = ""
    basis: str = "residual"
    likelihood: int | None = None
    impact: int | None = None
    needs_acceptance: bool = False


def with_scores(risks: QuerySet) -> QuerySet:
    """Annotate inherent, residual and current scores; the current score is the residual one where rated."""
    return risks.annotate(
        inherent_score_db=F("inherent_likelihood") * F("inherent_impact"),
        residual_score_db=F("residual_likelihood") * F("residual_impact"),
    ).annotate(current_score_db=Coalesce(F("residual_score_db"), F("inherent_score_db"),
                                         output_field=IntegerField()))


def above_acceptance(methodology: RiskMethodology) -> Q:
    """Match risks whose current score lies above the acceptance criteria's band."""
    _low, top = methodology.score_range(methodology.acceptance_band)
    return Q(current_score_db__gt=top)


def filtered_risks(methodology: RiskMethodology, filters: RiskFilters) -> QuerySet:
    """Return the risk list's rows: every relation the list shows is joined or prefetched, whatever the size."""
    risks = with_scores(Risk.objects.all()).select_related("owner", "treatment_owner", "current_acceptance")
    if filters.text:
        risks = risks.filter(Q(title__icontains=filters.text) | Q(threat__icontains=filters.text)
                             | Q(vulnerability__icontains=filters.text))
    if filters.status:
        risks = risks.filter(status=filters.status)
    if filters.owner_id is not None:
        risks = risks.filter(owner_id=filters.owner_id)
    if filters.asset_id is not None:
        risks = risks.filter(asset_links__asset_id=filters.asset_id)
    if filters.treatment_option:
        risks = risks.filter(treatment_option=filters.treatment_option)
    score_field = "current_score_db"
    if filters.likelihood is not None or filters.impact is not None:
        prefix = "residual" if filters.basis == "residual" else "inherent"
        score_field = f"{prefix}_score_db"
        if filters.likelihood is not None:
            risks = risks.filter(**{f"{prefix}_likelihood": filters.likelihood})
        if filters.impact is not None:
            risks = risks.filter(**{f"{prefix}_impact": filters.impact})
    if filters.band:
        low, high = methodology.score_range(filters.band)
        risks = risks.filter(**{f"{score_field}__gte": low, f"{score_field}__lte": high})
    if filters.needs_acceptance:
        risks = risks.filter(above_acceptance(methodology), current_acceptance__isnull=True)
    return risks.prefetch_related("assets").order_by("title", "pk")


def heat_map(methodology: RiskMethodology, basis: str) -> list[dict]:
    """Return the rows of the heat map, highest likelihood first, each cell with its count and band.

    One query groups the risks by rating. Risks without a residual rating are
    left out of the residual map; ``unrated_residual`` counts them.
    """
    likelihood, impact = f"{basis}_likelihood", f"{basis}_impact"
    counts = {
        (row[likelihood], row[impact]): row["count"]
        for row in Risk.objects.filter(**{f"{likelihood}__isnull": False, f"{impact}__isnull": False})
        .values(likelihood, impact).annotate(count=Count("pk")).order_by()
    }
    rows = []
    for level in range(methodology.likelihood_count, 0, -1):
        cells = []
        for impact_level in range(1, methodology.impact_count + 1):
            score = level * impact_level
            cells.append({"likelihood": level, "impact": impact_level, "score": score,
                          "band": methodology.band_for(score), "count": counts.get((level, impact_level), 0)})
        rows.append({"level": level, "label": methodology.likelihood_levels[level - 1]["label"], "cells": cells})
    return rows


def unrated_residual() -> int:
    return Risk.objects.filter(residual_likelihood__isnull=True).count()


def treatment_plan() -> QuerySet:
    """Open treatments by due date: risks with a treatment option that are planned or in progress."""
    return (Risk.objects.filter(status__in=[Risk.Status.PLANNED, Risk.Status.IN_PROGRESS])
            .exclude(treatment_option="")
            .select_related("owner", "treatment_owner")
            .order_by(F("treatment_due_on").asc(nulls_last=True), "title", "pk"))


def overview_counts(methodology: RiskMethodology) -> dict:
    """Return the figures of the ISMS overview cards in two queries."""
    today = timezone.localdate()
    bands = {band: methodology.score_range(band) for band in Band.values}
    aggregates = {f"band_{band}": Count("pk", filter=Q(current_score_db__gte=low, current_score_db__lte=high))
                  for band, (low, high) in bands.items()}
    aggregates["above_acceptance"] = Count("pk", filter=above_acceptance(methodology))
    aggregates["awaiting_acceptance"] = Count("pk", filter=above_acceptance(methodology)
                                              & Q(current_acceptance__isnull=True))
    aggregates["treatments_overdue"] = Count("pk", filter=Q(status__in=[Risk.Status.PLANNED,
                                                                        Risk.Status.IN_PROGRESS],
                                                            treatment_due_on__lt=today))
    aggregates["total"] = Count("pk")
    figures = with_scores(Risk.objects.all()).aggregate(**aggregates)
    figures["by_band"] = [(Band(band), figures.pop(f"band_{band}")) for band in Band.values]
    figures["assets"] = Asset.objects.count()
    return figures
