"""Writes on officers, appointments and certificates.

PDF rendering is slow, so certificate services render first and open their
transaction only to store the result (callers must not hold a transaction).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.documents import render_pdf, sha256_hex
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership, Workspace
from civac.tenancy.roles import Role
from officers.models import Appointment, AppointmentCertificate, Officer

logger = logging.getLogger(__name__)


def officer_create(*, actor, workspace: Workspace, **fields) -> Officer:
    officer = Officer(workspace=workspace, **fields)
    officer.full_clean()
    officer.save()
    return officer


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


def _require_names(officer: Officer, field: str) -> None:
    if not officer.first_name.strip() or not officer.last_name.strip():
        raise field_error(
            field,
            _("%(officer)s has no complete name; enter first and last name before issuing a certificate.")
            % {"officer": officer.full_name or officer.email},
            "officer_name_missing",
        )


def certificate_issue(*, actor, appointment: Appointment) -> AppointmentCertificate:
    """Render the certificate PDF and ask management to sign it."""
    if appointment.status != Appointment.Status.DRAFT:
        raise field_error("appointment", _("A certificate was already issued for this appointment."),
                          "appointment_not_draft")
    _require_names(appointment.officer, "officer")
    if appointment.deputy is not None:
        _require_names(appointment.deputy, "deputy")

    workspace = appointment.workspace
    certificate = AppointmentCertificate(workspace=workspace, appointment=appointment,
                                         language=workspace.default_language)
    pdf = render_pdf(
        "officers/certificate.html",
        {"certificate": certificate, "appointment": appointment, "workspace": workspace, "signed": False},
        language=certificate.language,
    )
    certificate.sha256 = sha256_hex(pdf)
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.status != Appointment.Status.DRAFT:
            raise field_error("appointment", _("A certificate was already issued for this appointment."),
                              "appointment_not_draft")
        certificate.file.save(f"certificate-{certificate.verification_code}.pdf", ContentFile(pdf), save=False)
        certificate.save()
        appointment.status = Appointment.Status.AWAITING_SIGNATURE
        appointment.save()
        append_event(
            workspace_id=workspace.pk, action="issue", object_type="officers.appointmentcertificate",
            object_id=str(certificate.pk), object_repr=str(appointment), actor=actor,
            changes={"sha256": certificate.sha256, "verification_code": certificate.verification_code},
        )
    return certificate


def certificate_sign(*, actor, certificate: AppointmentCertificate, confirmed_sha256: str) -> AppointmentCertificate:
    """Record management's signature on exactly the PDF whose hash the signer saw."""
    workspace = certificate.workspace
    if not Membership.objects.filter(user=actor, role=Role.MANAGEMENT).exists():
        raise field_error("signer", _("Only management of %(workspace)s can sign appointment certificates.")
                          % {"workspace": workspace.legal_name}, "signer_not_management")
    if certificate.is_signed:
        raise field_error("certificate", _("This certificate is already signed."), "already_signed")
    current = AppointmentCertificate.objects.filter(appointment_id=certificate.appointment_id).first()
    if current is None or current.pk != certificate.pk:
        raise field_error("certificate", _("A newer certificate replaces this one; sign the current one."),
                          "certificate_superseded")
    if confirmed_sha256 != certificate.sha256:
        raise field_error("confirmed_sha256", _("The certificate changed after you opened it; reload and sign again."),
                          "hash_mismatch")

    signed_at = timezone.now()
    certificate.signed_by = actor
    certificate.signed_at = signed_at
    pdf = render_pdf(
        "officers/certificate.html",
        {"certificate": certificate, "appointment": certificate.appointment, "workspace": workspace, "signed": True,
         "site_url": settings.SITE_URL},
        language=certificate.language,
    )
    certificate.signed_sha256 = sha256_hex(pdf)
    with transaction.atomic():
        locked = AppointmentCertificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.is_signed:
            raise field_error("certificate", _("This certificate is already signed."), "already_signed")
        certificate.signed_file.save(f"certificate-{certificate.verification_code}-signed.pdf",
                                     ContentFile(pdf), save=False)
        certificate.save()
        appointment = certificate.appointment
        appointment.status = Appointment.Status.ACTIVE
        appointment.save()
        append_event(
            workspace_id=workspace.pk, action="sign", object_type="officers.appointmentcertificate",
            object_id=str(certificate.pk), object_repr=str(appointment), actor=actor,
            changes={"signed_document_sha256": certificate.sha256, "signed_copy_sha256": certificate.signed_sha256,
                     "signed_at": signed_at.isoformat()},
        )
    logger.info("certificate %s signed by user %s", certificate.pk, actor.pk)
    return certificate
