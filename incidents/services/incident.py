from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from incidents import webhook_events
from incidents.models import Incident, ObligationKind, ReportingObligation, TimelineEntry, WebhookEventType
from incidents.services.common import check_aware, check_not_future
from incidents.services.obligation import open_applicable_obligations, open_obligation

# Facts that decide which clocks run; changing them may open new obligations.
CLOCK_FACTS = ["significant", "personal_data_involved", "dora_major", "dora_classified_at",
               "physical_resilience_impact", "trust_service_impact"]
DESCRIPTIVE_FIELDS = ["title", "description", "severity", "suspected_malicious", "cross_border_impact",
                      "affected_services", "affected_assets"]


def _check_times(*, aware_at: datetime, detected_at: datetime | None, dora_classified_at: datetime | None,
                 now: datetime) -> None:
    check_not_future(aware_at, "aware_at", now)
    if detected_at is not None:
        check_not_future(detected_at, "detected_at", now)
        if aware_at < detected_at:
            raise field_error("aware_at", _("Awareness cannot be earlier than detection; check both times."),
                              "aware_before_detected")
    if dora_classified_at is not None:
        check_not_future(dora_classified_at, "dora_classified_at", now)
        if dora_classified_at < aware_at:
            raise field_error("dora_classified_at",
                              _("The classification cannot be earlier than the awareness of the incident."),
                              "classified_before_awareness")


def incident_create(*, actor, workspace, aware_at: datetime, aware_time_zone: str,
                    detected_at: datetime | None = None, **fields) -> Incident:
    """Register an incident and start every reporting clock that applies."""
    now = timezone.now()
    check_aware(aware_at, "aware_at")
    if fields.get("dora_major") and fields.get("dora_classified_at") is None:
        raise field_error("dora_classified_at", _("Enter when the incident was classified as major."),
                          "classification_time_missing")
    _check_times(aware_at=aware_at, detected_at=detected_at, dora_classified_at=fields.get("dora_classified_at"),
                 now=now)
    incident = Incident(workspace=workspace, reporter=actor, aware_at=aware_at,
                        aware_time_zone=aware_time_zone, detected_at=detected_at, **fields)
    incident.full_clean()
    with transaction.atomic():
        incident.save()
        with translation.override(workspace.default_language):  # a record for everyone, in the workspace's language
            text = _("The organisation became aware of the incident.")
        TimelineEntry.objects.create(workspace=workspace, incident=incident, occurred_at=aware_at, author=actor,
                                     text=text)
        open_applicable_obligations(incident=incident, now=now)
        webhook_events.record(WebhookEventType.INCIDENT_CREATED, incident)
    return incident


def incident_update_facts(*, actor, incident: Incident, **values) -> Incident:
    """Change the incident's facts; clocks that the new facts start open at their original trigger time.

    Clocks already running are never removed: a report that became due stays on record.
    """
    now = timezone.now()
    unknown = set(values) - set(CLOCK_FACTS) - set(DESCRIPTIVE_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("This field cannot be changed here."), "field_not_editable")
    for name, value in values.items():
        setattr(incident, name, value)
    if incident.dora_major and incident.dora_classified_at is None:
        raise field_error("dora_classified_at", _("Enter when the incident was classified as major."),
                          "classification_time_missing")
    _check_times(aware_at=incident.aware_at, detected_at=incident.detected_at,
                 dora_classified_at=incident.dora_classified_at, now=now)
    incident.full_clean()
    with transaction.atomic():
        incident.save()
        open_applicable_obligations(incident=incident, now=now)
    return incident


def incident_close(*, actor, incident: Incident, closed_at: datetime) -> Incident:
    """Close the incident; after a progress report, this starts the final report's one-month clock."""
    now = timezone.now()
    check_not_future(closed_at, "closed_at", now)
    if closed_at < incident.aware_at:
        raise field_error("closed_at", _("The closing time cannot be earlier than the time of becoming aware."), "closed_too_early")
    if incident.status == Incident.Status.CLOSED:
        raise field_error("status", _("This incident is already closed."), "already_closed")
    with transaction.atomic():
        incident.status = Incident.Status.CLOSED
        incident.closed_at = closed_at
        incident.save()
        with translation.override(incident.workspace.default_language):
            text = _("Incident handling completed; incident closed.")
        TimelineEntry.objects.create(workspace=incident.workspace, incident=incident, occurred_at=closed_at,
                                     author=actor, text=text)
        progress_reported = ReportingObligation.objects.filter(
            incident=incident, kind=ObligationKind.NIS2_FINAL_REPORT, submitted_as_progress=True).exists()
        if progress_reported:
            open_obligation(incident=incident, kind=ObligationKind.NIS2_FINAL_AFTER_PROGRESS, trigger=closed_at,
                            now=now)
    return incident


def timeline_add(*, actor, incident: Incident, occurred_at: datetime, text: str) -> TimelineEntry:
    check_not_future(occurred_at, "occurred_at", timezone.now())
    if not text.strip():
        raise field_error("text", _("Describe what happened."), "text_missing")
    entry = TimelineEntry(workspace=incident.workspace, incident=incident, occurred_at=occurred_at, author=actor,
                          text=text.strip())
    entry.full_clean()
    entry.save()
    return entry
