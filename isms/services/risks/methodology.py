"""The risk methodology of a workspace: its default, and changes that keep every rating.

A change of a scale's length while risks carry ratings on that scale needs a
mapping from every old level in use to a new level. The ratings are moved in
the same transaction as the change, so no rating is ever dropped or left
outside its scale.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from civac.tenancy.errors import field_error
from isms.models import MAX_LEVELS, MIN_LEVELS, Band, Risk, RiskMethodology
from isms.services.risks.acceptance import void_stale_acceptance

logger = logging.getLogger(__name__)

# Four levels per scale, named like the example classification in BSI-Standard 200-3 (shown in
# lesson 7.6 of BSI's online IT-Grundschutz course). The descriptions and thresholds are this project's.
DEFAULT_LIKELIHOOD = [
    (gettext_noop("rare"), gettext_noop("at most once in several years")),
    (gettext_noop("medium"), gettext_noop("once in a few years")),
    (gettext_noop("frequent"), gettext_noop("about once a year up to a few times a year")),
    (gettext_noop("very frequent"), gettext_noop("several times a year or more")),
]
DEFAULT_IMPACT = [
    (gettext_noop("negligible"), gettext_noop("limited effects that are easily remedied")),
    (gettext_noop("limited"), gettext_noop("noticeable effects on business or people, remedied within days")),
    (gettext_noop("considerable"), gettext_noop("serious effects on operations, finances, reputation or people")),
    (gettext_noop("threatening"), gettext_noop("effects that threaten the existence of the organisation")),
]
# Scores 1-3 low, 4-6 medium, 8-9 high, 12-16 critical on the 4 x 4 matrix.
DEFAULT_THRESHOLDS = {"medium_from": 4, "high_from": 8, "critical_from": 12}

AXIS_LABELS = {"likelihood": gettext_noop("likelihood"), "impact": gettext_noop("impact")}
AXES = {"likelihood": ("inherent_likelihood", "residual_likelihood"),
        "impact": ("inherent_impact", "residual_impact")}


def _default_levels(pairs) -> list[dict]:
    return [{"label": _(label), "description": _(description)} for label, description in pairs]


def methodology_for(workspace) -> RiskMethodology:
    """Return the workspace's methodology, creating the default one on first use.

    The default labels are stored in the workspace's default language; officers
    edit them like any other text afterwards.
    """
    methodology = RiskMethodology.objects.filter(workspace=workspace).first()
    if methodology is not None:
        return methodology
    with translation.override(workspace.default_language):
        methodology = RiskMethodology(workspace=workspace, likelihood_levels=_default_levels(DEFAULT_LIKELIHOOD),
                                      impact_levels=_default_levels(DEFAULT_IMPACT), acceptance_band=Band.LOW,
                                      **DEFAULT_THRESHOLDS)
    try:
        with transaction.atomic():
            methodology.save()
    except IntegrityError:
        # A concurrent request created it first; the unique constraint kept one.
        return RiskMethodology.objects.get(workspace=workspace)
    return methodology


def clean_levels(axis: str, levels: list[dict]) -> list[dict]:
    """Return the levels with trimmed text, or raise on ``<axis>_levels`` when the scale is unusable."""
    field, name = f"{axis}_levels", _(AXIS_LABELS[axis])
    cleaned = [{"label": str(level.get("label", "")).strip(), "description": str(level.get("description", "")).strip()}
               for level in levels]
    if not MIN_LEVELS <= len(cleaned) <= MAX_LEVELS:
        raise field_error(field, _("The %(axis)s scale needs %(min)d to %(max)d levels; it has %(count)d.")
                          % {"axis": name, "min": MIN_LEVELS, "max": MAX_LEVELS, "count": len(cleaned)}, "scale_length")
    if any(not level["label"] for level in cleaned):
        raise field_error(field, _("Every level of the %(axis)s scale needs a label.") % {"axis": name},
                          "level_label_missing")
    labels = [level["label"].casefold() for level in cleaned]
    if len(set(labels)) != len(labels):
        raise field_error(field, _("Two levels of the %(axis)s scale have the same label; give each level its own.")
                          % {"axis": name}, "level_label_twice")
    return cleaned


def check_thresholds(*, max_score: int, medium_from: int, high_from: int, critical_from: int) -> None:
    if not 1 < medium_from < high_from < critical_from <= max_score:
        raise field_error(
            "medium_from",
            _("The bands must rise: 1 < medium from < high from < critical from ≤ %(max)d (the highest score of "
              "this matrix). You entered %(medium)d, %(high)d and %(critical)d.")
            % {"max": max_score, "medium": medium_from, "high": high_from, "critical": critical_from},
            "thresholds_not_rising",
        )


def used_levels(axis: str) -> list[int]:
    """Return the levels of ``axis`` that risks of the active workspace use, inherent or residual."""
    inherent, residual = AXES[axis]
    values = set(Risk.objects.values_list(inherent, flat=True).distinct())
    values |= set(Risk.objects.filter(**{f"{residual}__isnull": False}).values_list(residual, flat=True).distinct())
    return sorted(values)


def _check_mapping(axis: str, old_count: int, new_count: int, mapping: dict | None) -> dict[int, int] | None:
    """Return the mapping to apply to ``axis``, None when nothing moves, or raise when one is missing."""
    if old_count == new_count:
        return None
    in_use = used_levels(axis)
    if not in_use:
        return None
    field = f"{axis}_mapping"
    mapping = {int(old): int(new) for old, new in (mapping or {}).items()}
    missing = [level for level in in_use if level not in mapping]
    if missing:
        raise field_error(
            field,
            _("Risks are rated on levels %(levels)s of the current %(axis)s scale. State the new level for each "
              "of them, or keep %(count)d levels.")
            % {"levels": ", ".join(str(level) for level in missing), "axis": _(AXIS_LABELS[axis]), "count": old_count},
            "mapping_required",
        )
    outside = sorted(old for old in in_use if not 1 <= mapping[old] <= new_count)
    if outside:
        raise field_error(field, _("Map each old level to a level from 1 to %(count)d.") % {"count": new_count},
                          "mapping_outside_scale")
    return mapping


def methodology_update(*, actor, methodology: RiskMethodology, likelihood_levels: list[dict],
                       impact_levels: list[dict], medium_from: int, high_from: int, critical_from: int,
                       acceptance_band: str, likelihood_mapping: dict | None = None,
                       impact_mapping: dict | None = None) -> RiskMethodology:
    """Change the methodology; move existing ratings by the stated mappings in the same transaction.

    Raises a ValidationError with code ``mapping_required`` on
    ``likelihood_mapping`` or ``impact_mapping`` when a scale changes length
    while risks use it and no complete mapping is given.
    """
    likelihood_levels = clean_levels("likelihood", likelihood_levels)
    impact_levels = clean_levels("impact", impact_levels)
    check_thresholds(max_score=len(likelihood_levels) * len(impact_levels), medium_from=medium_from,
                     high_from=high_from, critical_from=critical_from)
    if acceptance_band not in Band.values:
        raise field_error("acceptance_band", _("Choose one of the four bands."), "invalid_band")

    with transaction.atomic():
        methodology = RiskMethodology.objects.select_for_update().get(pk=methodology.pk)
        mappings = {
            "likelihood": _check_mapping("likelihood", methodology.likelihood_count, len(likelihood_levels),
                                         likelihood_mapping),
            "impact": _check_mapping("impact", methodology.impact_count, len(impact_levels), impact_mapping),
        }
        methodology.likelihood_levels = likelihood_levels
        methodology.impact_levels = impact_levels
        methodology.medium_from, methodology.high_from = medium_from, high_from
        methodology.critical_from = critical_from
        methodology.acceptance_band = acceptance_band
        methodology.save()
        moved = _move_ratings(mappings)
        voided = _void_changed_acceptances(methodology)
    logger.info("risk methodology %s changed: %d risks moved, %d acceptances voided", methodology.pk, moved, voided)
    return methodology


def _move_ratings(mappings: dict[str, dict[int, int] | None]) -> int:
    """Apply the mappings to every rated risk, saving each one so the audit log shows old and new levels."""
    fields = []
    for axis, mapping in mappings.items():
        if mapping is not None:
            fields.extend((name, mapping) for name in AXES[axis])
    if not fields:
        return 0
    moved = 0
    for risk in Risk.objects.select_for_update().order_by("pk"):
        changed = []
        for name, mapping in fields:
            value = getattr(risk, name)
            if value is not None and mapping[value] != value:
                setattr(risk, name, mapping[value])
                changed.append(name)
        if changed:
            risk.save(update_fields=[*changed, "updated_at"])
            moved += 1
    return moved


def _void_changed_acceptances(methodology: RiskMethodology) -> int:
    voided = 0
    now = timezone.now()
    accepted = Risk.objects.filter(~Q(current_acceptance=None)).select_related("current_acceptance")
    for risk in accepted.select_for_update(of=("self",)):
        if void_stale_acceptance(risk, methodology, now=now):
            voided += 1
    return voided

