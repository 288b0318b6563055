"""Writes on incidents and reporting obligations; each one audited."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.tenancy.errors import field_error
from incidents.escalation import planned_steps, schedule_steps
from incidents.models import AlertDelivery, Incident, ReportingObligation
from incidents.obligations import CLOCKS, FOLLOW_UPS, due_time, initial_clocks

# Clocks of browsers and servers differ by a few seconds; beyond this an
# awareness or submission time "in the future" is a typing error.
CLOCK_SKEW = timedelta(minutes=2)


def _check_not_future(value: datetime, field: str, now: datetime) -> None:
    if value > now + CLOCK_SKEW:
        raise field_error(field, _("This time is in the future; enter when it actually happened."), "in_future")


def incident_create(*, actor, workspace, aware_at: datetime, aware_time_zone: str,
                    detected_at: datetime | None = None, **fields) -> Incident:
    """Register an incident and start every reporting clock that applies."""
    now = timezone.now()
    if aware_at.tzinfo is None:
        raise field_error("aware_at", _("Enter the time together with its time zone."), "naive_time")
    _check_not_future(aware_at, "aware_at", now)
    if detected_at is not None:
        _check_not_future(detected_at, "detected_at", now)
        if aware_at < detected_at:
            raise field_error(
                "aware_at",
                _("Awareness cannot be earlier than detection; check both times."),
                "aware_before_detected",
            )
    incident = Incident(workspace=workspace, reporter=actor, aware_at=aware_at,
                        aware_time_zone=aware_time_zone, detected_at=detected_at, **fields)
    incident.full_clean()
    with transaction.atomic():
        incident.save()
        for rule in initial_clocks(workspace=workspace, incident=incident):
            _open_obligation(incident=incident, rule=rule, trigger=aware_at, now=now)
    return incident


def _open_obligation(*, incident: Incident, rule, trigger: datetime, now: datetime) -> ReportingObligation:
    obligation = ReportingObligation.objects.create(
        workspace=incident.workspace, incident=incident, regime=rule.regime, kind=rule.kind,
        clock_id=rule.clock_id, trigger_at=trigger, due_at=due_time(rule, trigger, incident.workspace.zone),
    )
    schedule_steps(obligation, planned_steps(obligation, now=now))
    return obligation


def _cancel_pending_alerts(obligation: ReportingObligation) -> None:
    AlertDelivery.all_workspaces.filter(
        obligation=obligation, status=AlertDelivery.Status.PENDING
    ).update(status=AlertDelivery.Status.CANCELLED)


def obligation_submit(*, actor, obligation: ReportingObligation, submitted_at: datetime,
                      reference_number: str = "") -> ReportingObligation:
    """Record the submission to the authority; starts the follow-up clock where the law has one."""
    now = timezone.now()
    if submitted_at.tzinfo is None:
        raise field_error("submitted_at", _("Enter the time together with its time zone."), "naive_time")
    _check_not_future(submitted_at, "submitted_at", now)
    if submitted_at < obligation.trigger_at:
        raise field_error("submitted_at", _("The submission cannot be earlier than the start of the clock."),
                          "before_trigger")
    with transaction.atomic():
        locked = ReportingObligation.objects.select_for_update().get(pk=obligation.pk)
        if not locked.is_open:
            raise field_error("obligation", _("This report was already submitted."), "already_submitted")
        locked.status = ReportingObligation.Status.SUBMITTED
        locked.submitted_at = submitted_at
        locked.submitted_by = actor
        locked.reference_number = reference_number.strip()
        locked.save()
        _cancel_pending_alerts(locked)
        append_event(
            workspace_id=locked.workspace_id, action="submit", object_type="incidents.reportingobligation",
            object_id=str(locked.pk), object_repr=str(locked), actor=actor,
            changes={"submitted_at": submitted_at.isoformat(), "reference_number": locked.reference_number,
                     "due_at": locked.due_at.isoformat(), "on_time": submitted_at <= locked.due_at},
        )
        follow_up = FOLLOW_UPS.get(locked.kind)
        if follow_up is not None:
            _open_obligation(incident=locked.incident, rule=CLOCKS[follow_up], trigger=submitted_at, now=now)
    return locked


def obligation_acknowledge(*, actor, obligation: ReportingObligation) -> ReportingObligation:
    """Confirm that someone is working on the report; stops its reminders."""
    with transaction.atomic():
        locked = ReportingObligation.objects.select_for_update().get(pk=obligation.pk)
        if locked.acknowledged_at is not None or not locked.is_open:
            return locked
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = actor
        locked.save()
        _cancel_pending_alerts(locked)
    return locked
