"""Read-only figures for the partner portfolio: one row per client workspace with an active mandate.

This is one of the few places that read tenant tables across workspaces. It
runs outside any workspace context and uses the ``all_workspaces`` managers,
always filtered by the workspace ids of the partner's active mandates, so a
client whose mandate ended or never started is absent from every query.
Each figure is one grouped query over the page's workspaces, so the page
costs the same number of queries for 2 clients as for 200.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Sum, Window
from django.db.models.functions import RowNumber

from incidents.models import Incident, ReportingObligation
from isms.models import CatalogueControl, SoAEntry, Task
from mandates.models import Mandate, OnboardingPhase, TimeEntry
from officers.models import Appointment, Qualification

EXPIRY_WINDOW_DAYS = 60
SHOWN_DEADLINES = 3


@dataclass
class ClientRow:
    mandate: Mandate
    obligations: list
    open_obligations: int = 0
    overdue_tasks: int = 0
    expiring_qualifications: int = 0
    expiring_appointments: int = 0
    onboarding_phase: int | None = None
    onboarding_done: bool = False
    gap_score: int | None = None
    minutes_this_month: int = 0

    @property
    def workspace(self):
        return self.mandate.workspace

    @property
    def more_obligations(self) -> int:
        return self.open_obligations - len(self.obligations)

    @property
    def hours_this_month(self) -> float:
        return round(self.minutes_this_month / 60, 1)

    @property
    def hours_share(self) -> int | None:
        contracted = self.mandate.hours_per_month
        return round(100 * self.minutes_this_month / 60 / float(contracted)) if contracted else None


def _open_obligations(workspace_ids):
    return ReportingObligation.all_workspaces.filter(
        workspace_id__in=workspace_ids, status=ReportingObligation.Status.OPEN,
    ).exclude(incident__status=Incident.Status.CLOSED)


def active_mandates(partner):
    """The partner's active mandates, nearest open reporting deadline first, then by client name."""
    nearest = (ReportingObligation.all_workspaces
               .filter(workspace_id=OuterRef("workspace_id"), status=ReportingObligation.Status.OPEN)
               .exclude(incident__status=Incident.Status.CLOSED)
               .order_by("due_at").values("due_at")[:1])
    return (Mandate.all_workspaces.filter(partner=partner, status=Mandate.Status.ACTIVE)
            .select_related("workspace")
            .annotate(nearest_due_at=Subquery(nearest))
            .order_by(F("nearest_due_at").asc(nulls_last=True), "workspace__legal_name"))


def _grouped(queryset, key: str, **aggregates) -> dict:
    return {row[key]: row for row in queryset.values(key).annotate(**aggregates)}


def client_rows(mandates: list[Mandate], *, today: date, now: datetime) -> list[ClientRow]:
    """Fill the portfolio figures for ``mandates`` (one page of ``active_mandates``) with a fixed set of queries."""
    ids = [mandate.workspace_id for mandate in mandates]
    mandate_ids = [mandate.pk for mandate in mandates]
    rows = {mandate.workspace_id: ClientRow(mandate=mandate, obligations=[]) for mandate in mandates}
    if not rows:
        return []

    # Only the nearest deadlines per client are shown; a client with hundreds of open
    # incidents would otherwise make the page render every one of them.
    nearest = (_open_obligations(ids)
               .annotate(position=Window(RowNumber(), partition_by=F("workspace_id"), order_by=F("due_at").asc()))
               .filter(position__lte=SHOWN_DEADLINES).select_related("incident").order_by("due_at"))
    for obligation in nearest:
        rows[obligation.workspace_id].obligations.append(obligation)
    open_counts = _grouped(_open_obligations(ids), "workspace_id", n=Count("id"))

    overdue = _grouped(Task.all_workspaces.filter(workspace_id__in=ids, status=Task.Status.OPEN, due_on__lt=today),
                       "workspace_id", n=Count("id"))
    horizon = today + timedelta(days=EXPIRY_WINDOW_DAYS)
    qualifications = _grouped(Qualification.all_workspaces.filter(
        workspace_id__in=ids, expires_on__gte=today, expires_on__lte=horizon), "workspace_id", n=Count("id"))
    appointments = _grouped(Appointment.all_workspaces.filter(
        workspace_id__in=ids, status=Appointment.Status.ACTIVE, ends_on__gte=today, ends_on__lte=horizon),
        "workspace_id", n=Count("id"))
    phases = _grouped(OnboardingPhase.all_workspaces.filter(mandate_id__in=mandate_ids), "mandate_id",
                      total=Count("id"), current=Min("number", filter=Q(completed_at__isnull=True)))
    controls = CatalogueControl.objects.filter(is_current=True).count()
    soa = _grouped(SoAEntry.all_workspaces.filter(workspace_id__in=ids, catalogue_control__is_current=True),
                   "workspace_id",
                   implemented=Count("id", filter=Q(applicability=SoAEntry.Applicability.APPLICABLE,
                                                    status=SoAEntry.Status.IMPLEMENTED)),
                   excluded=Count("id", filter=Q(applicability=SoAEntry.Applicability.NOT_APPLICABLE)))
    month_start = today.replace(day=1)
    month_end = today.replace(day=monthrange(today.year, today.month)[1])
    minutes = _grouped(TimeEntry.all_workspaces.filter(mandate_id__in=mandate_ids, worked_on__gte=month_start,
                                                       worked_on__lte=month_end), "mandate_id", total=Sum("minutes"))

    for workspace_id, row in rows.items():
        row.open_obligations = open_counts.get(workspace_id, {}).get("n", 0)
        row.overdue_tasks = overdue.get(workspace_id, {}).get("n", 0)
        row.expiring_qualifications = qualifications.get(workspace_id, {}).get("n", 0)
        row.expiring_appointments = appointments.get(workspace_id, {}).get("n", 0)
        phase = phases.get(row.mandate.pk)
        if phase:
            row.onboarding_done = phase["current"] is None
            row.onboarding_phase = phase["current"] or phase["total"]
        row.gap_score = _gap_score(controls, soa.get(workspace_id))
        row.minutes_this_month = minutes.get(row.mandate.pk, {}).get("total") or 0
    return [rows[mandate.workspace_id] for mandate in mandates]


def _gap_score(controls: int, counts: dict | None) -> int | None:
    """Percent of applicable Annex A controls implemented; controls without an SoA entry count as open.

    The same rule as the workspace's gap analysis: excluded controls do not count.
    """
    if not controls:
        return None
    implemented = counts["implemented"] if counts else 0
    excluded = counts["excluded"] if counts else 0
    relevant = controls - excluded
    return round(100 * implemented / relevant) if relevant else 0
