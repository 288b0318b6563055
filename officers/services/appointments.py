"""Writes on appointments and their lifecycle: draft, awaiting signature, active, ended, revoked."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.tenancy.errors import field_error
from civac.tenancy.models import Workspace
from incidents import webhook_events
from incidents.models import WebhookEventType
from officers.models import Appointment, Officer

COPIED_FIELDS = ["role", "officer", "deputy", "scope", "reporting_line", "is_external",
                 "conflict_of_interest_declaration"]


def appointment_create(*, actor, workspace: Workspace, officer: Officer, deputy: Officer | None = None,
                       **fields) -> Appointment:
    if deputy is not None and deputy.pk == officer.pk:
        raise field_error("deputy", _("The deputy must be another person than the officer."), "deputy_is_officer")
    appointment = Appointment(workspace=workspace, officer=officer, deputy=deputy, **fields)
    appointment.full_clean()
    if appointment.ends_on and appointment.ends_on < appointment.starts_on:
        raise field_error("ends_on", _("The end date must be on or after the start date."), "ends_before_start")
    appointment.save()
    return appointment


def appointment_end(*, actor, appointment: Appointment, ends_on: date) -> Appointment:
    """End an active appointment on ``ends_on``; the certificate stays valid until then."""
    if appointment.status != Appointment.Status.ACTIVE:
        raise field_error("appointment", _("Only an active appointment can be ended."), "not_active")
    if ends_on < appointment.starts_on:
        raise field_error("ends_on", _("The end date must be on or after the start date."), "ends_before_start")
    with transaction.atomic():
        appointment.ends_on = ends_on
        appointment.status = Appointment.Status.ENDED
        appointment.save()
        append_event(workspace_id=appointment.workspace_id, action="end", object_type="officers.appointment",
                     object_id=str(appointment.pk), object_repr=str(appointment), actor=actor,
                     changes={"ends_on": ends_on.isoformat()})
    return appointment


def appointment_revoke(*, actor, appointment: Appointment, reason: str) -> Appointment:
    """Revoke the appointment at once; its certificate shows as revoked on the verification page."""
    if appointment.status in {Appointment.Status.REVOKED, Appointment.Status.ENDED}:
        raise field_error("appointment", _("This appointment is already ended or revoked."), "already_closed")
    if not reason.strip():
        raise field_error("reason", _("Give the reason for the revocation."), "reason_missing")
    with transaction.atomic():
        appointment.status = Appointment.Status.REVOKED
        appointment.revoked_at = timezone.now()
        appointment.revocation_reason = reason.strip()
        appointment.save()
        append_event(workspace_id=appointment.workspace_id, action="revoke", object_type="officers.appointment",
                     object_id=str(appointment.pk), object_repr=str(appointment), actor=actor,
                     changes={"reason": appointment.revocation_reason})
        webhook_events.record(WebhookEventType.APPOINTMENT_REVOKED, appointment)
    return appointment


def appointment_reissue(*, actor, appointment: Appointment, starts_on: date) -> Appointment:
    """Start a new draft from an ended or revoked appointment; the old one and its certificate stay on record."""
    if appointment.status not in {Appointment.Status.REVOKED, Appointment.Status.ENDED}:
        raise field_error("appointment", _("Only an ended or revoked appointment can be followed by a new one."),
                          "not_closed")
    values = {name: getattr(appointment, name) for name in COPIED_FIELDS}
    return appointment_create(actor=actor, workspace=appointment.workspace, starts_on=starts_on, **values)
