from __future__ import annotations

from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.documents import sha256_hex
from civac.tenancy.errors import field_error
from incidents import webhook_events
from incidents.escalation import planned_steps, schedule_steps
from incidents.models import AlertDelivery, Incident, ObligationKind, ReportingObligation, WebhookEventType
from incidents.obligations import CLOCKS, FOLLOW_UPS, MAX_REQUESTED_PERIOD, applicable_clocks, due_time
from incidents.services.common import check_aware, check_not_future


def open_obligation(*, incident: Incident, kind: str, trigger: datetime, now: datetime,
                    due_at: datetime | None = None) -> ReportingObligation | None:
    """Open one obligation and schedule its alerts; returns None when that clock already runs."""
    rule = CLOCKS[kind]
    if kind != ObligationKind.NIS2_INTERIM_REPORT and ReportingObligation.objects.filter(
            incident=incident, kind=kind).exists():
        return None
    due_at = due_at or due_time(rule, trigger, incident.workspace.zone, aware_at=incident.aware_at)
    obligation = ReportingObligation.objects.create(
        workspace=incident.workspace, incident=incident, regime=rule.regime, kind=kind,
        clock_id=kind, trigger_at=trigger, due_at=due_at,
    )
    schedule_steps(obligation, planned_steps(obligation, now=now))
    return obligation


def open_applicable_obligations(*, incident: Incident, now: datetime | None = None) -> list[ReportingObligation]:
    """Open every clock the current facts start and that is not running yet."""
    now = now or timezone.now()
    opened = []
    for rule, trigger in applicable_clocks(workspace=incident.workspace, incident=incident):
        obligation = open_obligation(incident=incident, kind=rule.kind, trigger=trigger, now=now)
        if obligation is not None:
            opened.append(obligation)
    return opened


def _cancel_pending_alerts(obligation: ReportingObligation) -> None:
    AlertDelivery.all_workspaces.filter(obligation=obligation, status=AlertDelivery.Status.PENDING).update(
        status=AlertDelivery.Status.CANCELLED
    )


def report_save(*, actor, obligation: ReportingObligation, content: dict) -> ReportingObligation:
    """Keep the report's draft content; a submitted report is not changed any more."""
    if not obligation.is_open:
        raise field_error("obligation", _("This report was already submitted."), "already_submitted")
    obligation.report_content = content
    obligation.save()
    return obligation


def obligation_submit(*, actor, obligation: ReportingObligation, submitted_at: datetime,
                      reference_number: str = "", as_progress: bool = False,
                      report_pdf: bytes | None = None) -> ReportingObligation:
    """Record the submission to the authority; starts the follow-up clock where the law has one.

    ``report_pdf`` is the exported report as sent; it is stored and its SHA-256 audited.
    """
    now = timezone.now()
    check_not_future(submitted_at, "submitted_at", now)
    if submitted_at < obligation.trigger_at:
        raise field_error(
            "submitted_at",
            _("The submission cannot be earlier than the start of the clock (%(start)s).")
            % {"start": formats.date_format(timezone.localtime(obligation.trigger_at), "SHORT_DATETIME_FORMAT")},
            "before_trigger")
    if as_progress and obligation.kind != ObligationKind.NIS2_FINAL_REPORT:
        raise field_error("as_progress", _("Only the NIS-2 final report can be replaced by a progress report."),
                          "progress_not_allowed")
    with transaction.atomic():
        locked = ReportingObligation.objects.select_for_update().get(pk=obligation.pk)
        if not locked.is_open:
            raise field_error("obligation", _("This report was already submitted."), "already_submitted")
        locked.status = ReportingObligation.Status.SUBMITTED
        locked.submitted_at = submitted_at
        locked.submitted_by = actor
        locked.reference_number = reference_number.strip()
        locked.submitted_as_progress = as_progress
        if report_pdf is not None:
            locked.report_sha256 = sha256_hex(report_pdf)
            locked.report_file.save(f"{locked.kind}-{locked.pk}.pdf", ContentFile(report_pdf), save=False)
        locked.save()
        _cancel_pending_alerts(locked)
        append_event(
            workspace_id=locked.workspace_id, action="submit", object_type="incidents.reportingobligation",
            object_id=str(locked.pk), object_repr=str(locked), actor=actor,
            changes={"submitted_at": submitted_at.isoformat(), "reference_number": locked.reference_number,
                     "due_at": locked.due_at.isoformat(), "on_time": submitted_at <= locked.due_at,
                     "as_progress": as_progress, "report_sha256": locked.report_sha256},
        )
        webhook_events.record(WebhookEventType.OBLIGATION_SUBMITTED, locked)
        follow_up = FOLLOW_UPS.get(locked.kind)
        if follow_up is not None:
            open_obligation(incident=locked.incident, kind=follow_up, trigger=submitted_at, now=now)
        if as_progress and locked.incident.closed_at is not None:
            open_obligation(incident=locked.incident, kind=ObligationKind.NIS2_FINAL_AFTER_PROGRESS,
                            trigger=locked.incident.closed_at, now=now)
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


def interim_report_request(*, actor, incident: Incident, requested_at: datetime,
                           due_at: datetime) -> ReportingObligation:
    """Record that the BSI requested an interim report, with the deadline the request sets."""
    now = timezone.now()
    check_not_future(requested_at, "requested_at", now)
    check_aware(due_at, "due_at")
    if requested_at < incident.aware_at:
        raise field_error("requested_at", _("The request cannot be earlier than the awareness of the incident."),
                          "before_awareness")
    if not requested_at < due_at <= requested_at + MAX_REQUESTED_PERIOD:
        raise field_error("due_at", _("The deadline must lie after the request and within one year of it."),
                          "due_out_of_range")
    with transaction.atomic():
        return open_obligation(incident=incident, kind=ObligationKind.NIS2_INTERIM_REPORT, trigger=requested_at,
                               now=now, due_at=due_at)
