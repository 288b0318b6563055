"""Issuing and signing appointment certificates.

PDF rendering is slow, so certificate services render first and open their
transaction only to store the result (callers must not hold a transaction).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.documents import qr_svg, render_pdf, sha256_hex
from civac.signing import sign_pdf
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from incidents import webhook_events
from incidents.models import WebhookEventType
from officers.models import Appointment, AppointmentCertificate, Officer, Qualification
from officers.reauth import check_reauthentication

logger = logging.getLogger(__name__)


def _require_names(officer: Officer, field: str) -> None:
    if not officer.first_name.strip() or not officer.last_name.strip():
        raise field_error(
            field,
            _("%(officer)s has no complete name; enter first and last name before issuing a certificate.")
            % {"officer": officer.full_name or officer.email},
            "officer_name_missing",
        )


def _require_qualification(appointment: Appointment) -> None:
    """Require evidence valid on the start date for roles whose statute demands expert knowledge."""
    if not appointment.role.qualification_evidence_required:
        return
    day = max(appointment.starts_on, timezone.localdate())
    evidence = Qualification.objects.filter(officer=appointment.officer)
    if not any(qualification.is_valid_on(day) for qualification in evidence):
        raise field_error(
            "officer",
            _("%(officer)s has no qualification valid on %(day)s, which the role %(role)s requires; add the "
              "evidence to the officer first.")
            % {"officer": appointment.officer.full_name, "day": day.isoformat(), "role": appointment.role.name},
            "qualification_missing",
        )


def _document_context(certificate: AppointmentCertificate, *, signed: bool) -> dict:
    verify_url = f"{settings.SITE_URL}/verify/{certificate.verification_code}/"
    return {"certificate": certificate, "appointment": certificate.appointment, "workspace": certificate.workspace,
            "signed": signed, "site_url": settings.SITE_URL, "verify_url": verify_url, "qr_svg": qr_svg(verify_url)}


def certificate_issue(*, actor, appointment: Appointment) -> AppointmentCertificate:
    """Render the certificate PDF and ask management to sign it."""
    if appointment.status != Appointment.Status.DRAFT:
        raise field_error("appointment", _("A certificate was already issued for this appointment."),
                          "appointment_not_draft")
    _require_names(appointment.officer, "officer")
    if appointment.deputy is not None:
        _require_names(appointment.deputy, "deputy")
    _require_qualification(appointment)

    workspace = appointment.workspace
    certificate = AppointmentCertificate(workspace=workspace, appointment=appointment,
                                         language=workspace.default_language)
    pdf = render_pdf("officers/certificate.html", _document_context(certificate, signed=False),
                     language=certificate.language)
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


def certificate_sign(*, actor, certificate: AppointmentCertificate, confirmed_sha256: str, password: str,
                     otp_code: str = "") -> AppointmentCertificate:
    """Record management's signature on exactly the PDF whose hash the signer saw.

    The signer confirms with the password and, where set up, a fresh second-factor code.
    """
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
    check_reauthentication(actor, password=password, otp_code=otp_code)
    _require_qualification(certificate.appointment)

    signed_at = timezone.now()
    certificate.signed_by = actor
    certificate.signed_at = signed_at
    pdf = render_pdf("officers/certificate.html", _document_context(certificate, signed=True),
                     language=certificate.language)
    pdf = seal(pdf, signer=actor, workspace=workspace)
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
        _open_authority_notice_task(appointment)
        append_event(
            workspace_id=workspace.pk, action="sign", object_type="officers.appointmentcertificate",
            object_id=str(certificate.pk), object_repr=str(appointment), actor=actor,
            changes={"signed_document_sha256": certificate.sha256, "signed_copy_sha256": certificate.signed_sha256,
                     "signed_at": signed_at.isoformat()},
        )
        webhook_events.record(WebhookEventType.APPOINTMENT_SIGNED, appointment)
    logger.info("certificate %s signed by user %s", certificate.pk, actor.pk)
    return certificate


def seal(pdf: bytes, *, signer, workspace) -> bytes:
    """Seal the signed copy with the platform's PAdES signature (key and certificate per installation)."""
    return sign_pdf(pdf, reason=f"Appointment certificate signed by {signer.email}",
                    location=workspace.city or workspace.legal_name, signer_name=signer.get_full_name() or signer.email)


# "Without undue delay" has no fixed number of days; a week keeps it visible as due soon.
AUTHORITY_NOTICE_DAYS = 7


def _open_authority_notice_task(appointment: Appointment) -> None:
    """Roles whose appointment an authority must learn of get a task to tell it."""
    notice = appointment.role.authority_notice
    if not notice:
        return
    from isms.services.tasks import task_open_for

    task_open_for(
        workspace=appointment.workspace, source=appointment,
        title=_("Notify the authority of the appointment of %(officer)s as %(role)s")
        % {"officer": appointment.officer.full_name, "role": appointment.role.name},
        description=notice,
        due_on=timezone.localdate() + timedelta(days=AUTHORITY_NOTICE_DAYS),
    )
