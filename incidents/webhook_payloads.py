"""The ``data`` of each webhook event: plain JSON with ids, codes, UTC times and a link.

Receivers store these payloads, so field names only ever get added, never
renamed or removed. Times are ISO 8601 in UTC; choices are their stable codes,
not their translated labels.
"""

from __future__ import annotations

from datetime import UTC

from django.conf import settings
from django.urls import reverse


def iso_utc(moment) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _link(name: str, workspace, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"workspace_slug": workspace.slug, **kwargs})


def obligation_data(obligation) -> dict:
    return {
        "id": str(obligation.pk),
        "kind": obligation.kind,
        "regime": obligation.regime,
        "trigger_at": iso_utc(obligation.trigger_at),
        "due_at": iso_utc(obligation.due_at),
        "status": obligation.status,
        "submitted_at": iso_utc(obligation.submitted_at),
        "reference_number": obligation.reference_number,
        "incident": {"id": str(obligation.incident_id), "title": obligation.incident.title},
        "url": _link("incidents:detail", obligation.workspace, incident_id=obligation.incident_id),
    }


def incident_data(incident) -> dict:
    obligations = incident.obligations.order_by("due_at")
    return {
        "id": str(incident.pk),
        "title": incident.title,
        "severity": incident.severity,
        "significant": incident.significant,
        "aware_at": iso_utc(incident.aware_at),
        "detected_at": iso_utc(incident.detected_at),
        "obligations": [{"id": str(item.pk), "kind": item.kind, "regime": item.regime, "due_at": iso_utc(item.due_at)}
                        for item in obligations],
        "url": _link("incidents:detail", incident.workspace, incident_id=incident.pk),
    }


def report_data(report) -> dict:
    return {
        "id": str(report.pk),
        "year": report.year,
        "quarter": report.quarter,
        "version": report.version,
        "language": report.language,
        "sha256": report.sha256,
        "released_at": iso_utc(report.released_at),
        "recipients": sorted(report.acknowledgements.values_list("user__email", flat=True)),
        "url": _link("reporting:report", report.workspace, report_id=report.pk),
    }


def appointment_data(appointment) -> dict:
    officer = appointment.officer
    return {
        "id": str(appointment.pk),
        "role": appointment.role.key,
        "role_name": {"en": appointment.role.name_en, "de": appointment.role.name_de},
        "officer": {"id": str(officer.pk), "name": f"{officer.first_name} {officer.last_name}",
                    "email": officer.email},
        "status": appointment.status,
        "starts_on": appointment.starts_on.isoformat(),
        "ends_on": appointment.ends_on.isoformat() if appointment.ends_on else None,
        "is_external": appointment.is_external,
        "revoked_at": iso_utc(appointment.revoked_at),
        "revocation_reason": appointment.revocation_reason,
        "url": _link("officers:appointment", appointment.workspace, appointment_id=appointment.pk),
    }
