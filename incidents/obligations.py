"""Which reports an incident owes, and when each is due.

Clock facts: early warning within 24 h and notification within 72 h of
becoming aware, final report one month after the notification was submitted
(§32(1) nos. 1, 2, 4 BSIG); personal data breach within 72 h of becoming aware
(Art. 33(1) GDPR).
"""

from dataclasses import dataclass
from datetime import datetime

from incidents.deadlines import hours_after, one_month_after
from incidents.models import ObligationKind, Regime


@dataclass(frozen=True)
class ClockRule:
    kind: str
    regime: str
    clock_id: str
    hours: int | None  # None: a one-month calendar clock


CLOCKS = {
    ObligationKind.NIS2_EARLY_WARNING: ClockRule(ObligationKind.NIS2_EARLY_WARNING, Regime.NIS2,
                                                 "nis2_de_early_warning", 24),
    ObligationKind.NIS2_NOTIFICATION: ClockRule(ObligationKind.NIS2_NOTIFICATION, Regime.NIS2,
                                                "nis2_de_incident_notification", 72),
    ObligationKind.NIS2_FINAL_REPORT: ClockRule(ObligationKind.NIS2_FINAL_REPORT, Regime.NIS2,
                                                "nis2_de_final_report", None),
    ObligationKind.GDPR_BREACH: ClockRule(ObligationKind.GDPR_BREACH, Regime.GDPR,
                                          "gdpr_art33_authority", 72),
}


def due_time(rule: ClockRule, trigger: datetime, zone) -> datetime:
    if rule.hours is None:
        return one_month_after(trigger, zone)
    return hours_after(trigger, rule.hours)


def initial_clocks(*, workspace, incident) -> list[ClockRule]:
    """Clocks that start when the organisation becomes aware of ``incident``."""
    rules = []
    if workspace.is_nis2_entity and incident.significant:
        rules += [CLOCKS[ObligationKind.NIS2_EARLY_WARNING], CLOCKS[ObligationKind.NIS2_NOTIFICATION]]
    if incident.personal_data_involved:
        rules.append(CLOCKS[ObligationKind.GDPR_BREACH])
    return rules


# A submitted report that starts another clock: notification -> final report.
FOLLOW_UPS = {ObligationKind.NIS2_NOTIFICATION: ObligationKind.NIS2_FINAL_REPORT}
