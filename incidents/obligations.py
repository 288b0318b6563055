"""Reporting clocks: the reports an incident owes, and when each is due.

The clock facts (hours, months, sources) are in ``incidents/data/reporting_clocks.yaml``.
This module decides which clocks apply to a workspace and an incident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from civac.tenancy.choices import TrustServiceProvider
from incidents.deadlines import hours_after, one_month_after
from incidents.models import ObligationKind

CLOCKS_FILE = Path(__file__).resolve().parent / "data" / "reporting_clocks.yaml"


@dataclass(frozen=True)
class ClockRule:
    kind: str
    regime: str
    hours: int | None
    months: int | None
    cap_hours_after_awareness: int | None
    source: str


def _load_clocks() -> dict[str, ClockRule]:
    data = yaml.safe_load(CLOCKS_FILE.read_text(encoding="utf-8"))["clocks"]
    rules = {}
    for kind, entry in data.items():
        if kind not in ObligationKind.values:
            raise ValueError(f"{CLOCKS_FILE}: clock {kind!r} has no ObligationKind; add it or remove the entry")
        rules[kind] = ClockRule(kind=kind, regime=entry["regime"], hours=entry.get("hours"),
                                months=entry.get("months"),
                                cap_hours_after_awareness=entry.get("cap_hours_after_awareness"),
                                source=entry["source"])
    return rules


CLOCKS = _load_clocks()

# A submitted report that starts another clock at its submission time.
FOLLOW_UPS = {
    ObligationKind.NIS2_NOTIFICATION: ObligationKind.NIS2_FINAL_REPORT,
    ObligationKind.DORA_INITIAL: ObligationKind.DORA_INTERMEDIATE,
    ObligationKind.DORA_INTERMEDIATE: ObligationKind.DORA_FINAL,
}


def due_time(rule: ClockRule, trigger: datetime, zone, *, aware_at: datetime | None = None) -> datetime | None:
    """Due time of ``rule`` started at ``trigger``; None for clocks whose deadline a request sets."""
    if rule.months:
        due = one_month_after(trigger, zone)
    elif rule.hours is not None:
        due = hours_after(trigger, rule.hours)
    else:
        return None
    if rule.cap_hours_after_awareness is not None and aware_at is not None:
        due = min(due, hours_after(aware_at, rule.cap_hours_after_awareness))
    return due


def applicable_clocks(*, workspace, incident) -> list[tuple[ClockRule, datetime]]:
    """Clocks that the workspace's and the incident's facts start, each with its trigger time."""
    clocks: list[tuple[ClockRule, datetime]] = []
    aware = incident.aware_at
    # §28(6) BSIG: DORA financial entities report under DORA, not §32 BSIG.
    if workspace.is_nis2_entity and incident.significant and not workspace.is_financial_entity:
        clocks += [(CLOCKS[ObligationKind.NIS2_EARLY_WARNING], aware),
                   (CLOCKS[ObligationKind.NIS2_NOTIFICATION], aware)]
    if incident.personal_data_involved:
        clocks.append((CLOCKS[ObligationKind.GDPR_BREACH], aware))
    if workspace.is_financial_entity and incident.dora_major and incident.dora_classified_at:
        clocks.append((CLOCKS[ObligationKind.DORA_INITIAL], incident.dora_classified_at))
    if workspace.is_kritis_operator and incident.physical_resilience_impact:
        clocks += [(CLOCKS[ObligationKind.KRITIS_INITIAL], aware), (CLOCKS[ObligationKind.KRITIS_REPORT], aware)]
    if workspace.trust_service_provider != TrustServiceProvider.NONE and incident.trust_service_impact:
        clocks.append((CLOCKS[ObligationKind.EIDAS_BREACH], aware))
    return clocks


# Interim reports and reports after a progress report are opened by an event, not by the facts.
EVENT_CLOCKS = {ObligationKind.NIS2_INTERIM_REPORT, ObligationKind.NIS2_FINAL_AFTER_PROGRESS}
MAX_REQUESTED_PERIOD = timedelta(days=365)
