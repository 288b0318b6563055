"""Gap analysis: counts of SoA states per Annex A theme and per §30 BSIG measure area.

Every current Annex A control counts, also one without an SoA entry yet, so an
empty workspace shows all controls as not assessed. The figures come from
five queries whatever the number of entries; the grouping happens in Python
because a workspace has about a hundred controls.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from isms.models import CatalogueControl, ControlTheme, MeasureArea, OwnControlArea, SoAEntry
from isms.services.soa.snapshot import ref_sort_key

# Order of the segments in each bar, from worst to best, with the labels shown in legends.
BUCKETS = ["not_assessed", "not_started", "planned", "partial", "implemented", "not_applicable"]
BUCKET_LABELS = {
    "not_assessed": _("Not assessed"),
    "not_started": _("Not started"),
    "planned": _("Planned"),
    "partial": _("Partially implemented"),
    "implemented": _("Implemented"),
    "not_applicable": _("Not applicable"),
}


@dataclass
class GapItem:
    """One control as the gap analysis sees it; ``entry_id`` is None while it has no SoA entry."""

    ref: str
    title: str
    theme: str
    bucket: str
    maturity: int | None
    entry_id: object
    areas: list[int]
    unjustified: bool
    is_own: bool


@dataclass
class GapGroup:
    """Counts for one theme or one measure area."""

    key: object
    label: str
    counts: Counter = field(default_factory=Counter)
    maturities: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def segments(self) -> list[dict]:
        """Bar segments with offset and width in percent of the bar, for an SVG drawn on the server."""
        result, offset = [], 0.0
        for bucket in BUCKETS:
            count = self.counts.get(bucket, 0)
            width = 100.0 * count / self.total if self.total else 0.0
            if count:
                result.append({"bucket": bucket, "label": BUCKET_LABELS[bucket], "count": count,
                               "offset": round(offset, 2), "width": round(width, 2)})
            offset += width
        return result

    @property
    def implemented_share(self) -> int:
        """Percent of applicable controls that are implemented; excluded controls do not count."""
        relevant = self.total - self.counts.get("not_applicable", 0)
        return round(100 * self.counts.get("implemented", 0) / relevant) if relevant else 0

    @property
    def average_maturity(self) -> float | None:
        return round(sum(self.maturities) / len(self.maturities), 1) if self.maturities else None


@dataclass
class GapSummary:
    items: list[GapItem]
    themes: list[GapGroup]
    areas: list[GapGroup]
    overall: GapGroup

    @property
    def not_assessed(self) -> list[GapItem]:
        return [item for item in self.items if item.bucket == "not_assessed"]

    @property
    def unjustified(self) -> list[GapItem]:
        return [item for item in self.items if item.unjustified]

    @property
    def open_applicable(self) -> list[GapItem]:
        """Applicable controls that are not fully implemented yet."""
        return [item for item in self.items if item.bucket in ("not_started", "planned", "partial")]


def _bucket(applicability: str, status: str) -> str:
    if applicability == SoAEntry.Applicability.UNDECIDED:
        return "not_assessed"
    if applicability == SoAEntry.Applicability.NOT_APPLICABLE:
        return "not_applicable"
    return status


def _items() -> list[GapItem]:
    area_map = defaultdict(list)
    for control_id, number in MeasureArea.controls.through.objects.values_list(
            "cataloguecontrol_id", "measurearea__number"):
        area_map[control_id].append(number)
    own_areas = defaultdict(list)
    for control_id, number in OwnControlArea.objects.values_list("control_id", "area__number"):
        own_areas[control_id].append(number)

    entries = SoAEntry.objects.select_related("catalogue_control", "own_control")
    items, covered = [], set()
    for entry in entries:
        control = entry.catalogue_control or entry.own_control
        areas = area_map[control.pk] if entry.catalogue_control_id else own_areas[control.pk]
        covered.add(entry.catalogue_control_id)
        items.append(GapItem(
            ref=control.ref, title=control.title, theme=control.theme,
            bucket=_bucket(entry.applicability, entry.status),
            maturity=entry.maturity if entry.applicability == SoAEntry.Applicability.APPLICABLE else None,
            entry_id=entry.pk, areas=sorted(areas), unjustified=entry.is_unjustified_exclusion,
            is_own=entry.own_control_id is not None,
        ))
    for control in CatalogueControl.objects.filter(is_current=True).exclude(pk__in=covered - {None}):
        items.append(GapItem(ref=control.ref, title=control.title, theme=control.theme, bucket="not_assessed",
                             maturity=None, entry_id=None, areas=sorted(area_map[control.pk]), unjustified=False,
                             is_own=False))
    return items


def gap_summary() -> GapSummary:
    """Summarise the active workspace's SoA for the gap dashboard and the ISMS overview card."""
    items = _items()
    themes = {value: GapGroup(key=value, label=str(label)) for value, label in ControlTheme.choices}
    areas = {area.number: GapGroup(key=area.number, label=str(area)) for area in MeasureArea.objects.all()}
    overall = GapGroup(key="all", label="")
    for item in items:
        groups = [themes[item.theme], overall] + [areas[number] for number in item.areas if number in areas]
        for group in groups:
            group.counts[item.bucket] += 1
            if item.maturity is not None:
                group.maturities.append(item.maturity)
    items.sort(key=lambda item: (item.is_own, ref_sort_key(item.ref)))
    return GapSummary(items=items, themes=list(themes.values()), areas=list(areas.values()), overall=overall)
