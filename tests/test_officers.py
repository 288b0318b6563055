"""Appointments and certificates: issue, sign, download, verify, and the inputs they reject."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from officers.models import Appointment, AppointmentCertificate
from officers.services import appointment_create, certificate_issue, certificate_sign
from tests import builders, factories
from tests.factories import PASSWORD
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _draft(workspace, actor, **officer):
    officer = factories.make_officer(workspace, **officer)
    with workspace_context(workspace):
        return appointment_create(actor=actor, workspace=workspace, officer=officer, role=builders.ciso_role(),
                                  starts_on=date(2026, 12, 1))


def test_signed_certificate_names_officer_role_and_signer(personas, workspace):
    appointment, certificate = builders.signed_ciso_appointment(workspace)
    assert appointment.status == Appointment.Status.ACTIVE
    response = client_for(personas[Role.AUDITOR]).get(
        f"/w/{workspace.slug}/officers/certificates/{certificate.pk}/pdf/?signed=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(b"".join(response.streaming_content))
    assert "Anna Schneider" in text
    assert "Informationssicherheitsbeauftragte" in text  # workspace language is German
    assert "management@acme.example" in text
    sign_event = AuditEvent.objects.get(workspace=workspace, action="sign")
    assert sign_event.changes["signed_document_sha256"] == certificate.sha256
    assert sign_event.changes["signed_copy_sha256"] == certificate.signed_sha256


def test_certificate_hash_matches_stored_file(personas, workspace):
    _appointment, certificate = builders.signed_ciso_appointment(workspace)
    import hashlib

    with certificate.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == certificate.sha256
    with certificate.signed_file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == certificate.signed_sha256


def test_certificate_requires_first_and_last_name(personas, workspace):
    appointment = _draft(workspace, personas[Role.OFFICER], first_name="Anna", last_name=" ")
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        certificate_issue(actor=personas[Role.OFFICER], appointment=appointment)
    assert "officer" in error.value.error_dict
    with workspace_context(workspace):
        assert not AppointmentCertificate.objects.exists()
        assert Appointment.objects.get(pk=appointment.pk).status == Appointment.Status.DRAFT


@pytest.mark.parametrize("role", [Role.OFFICER, Role.WORKSPACE_ADMIN, Role.AUDITOR, Role.PARTNER_STAFF])
def test_only_management_can_sign(personas, workspace, role):
    appointment = _draft(workspace, personas[Role.OFFICER])
    with workspace_context(workspace):
        certificate = certificate_issue(actor=personas[Role.OFFICER], appointment=appointment)
    response = client_for(personas[role]).post(
        f"/w/{workspace.slug}/officers/certificates/{certificate.pk}/sign/",
        {"confirmed_sha256": certificate.sha256, "confirm": "on"})
    assert response.status_code == 403
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        certificate_sign(actor=personas[role], certificate=certificate, confirmed_sha256=certificate.sha256,
                         password=PASSWORD)
    assert "signer" in error.value.error_dict
    certificate.refresh_from_db()
    assert certificate.signed_at is None


def test_management_of_other_workspace_cannot_sign(personas, workspace, other_workspace):
    stranger = factories.make_user("boss@rival.example")
    factories.add_member(other_workspace, stranger, Role.MANAGEMENT)
    appointment = _draft(workspace, personas[Role.OFFICER])
    with workspace_context(workspace):
        certificate = certificate_issue(actor=personas[Role.OFFICER], appointment=appointment)
        with pytest.raises(ValidationError):
            certificate_sign(actor=stranger, certificate=certificate, confirmed_sha256=certificate.sha256,
                             password=PASSWORD)
    response = client_for(stranger).post(f"/w/{workspace.slug}/officers/certificates/{certificate.pk}/sign/")
    assert response.status_code == 404


def test_sign_rejects_changed_document(personas, workspace):
    appointment = _draft(workspace, personas[Role.OFFICER])
    with workspace_context(workspace):
        certificate = certificate_issue(actor=personas[Role.OFFICER], appointment=appointment)
        with pytest.raises(ValidationError) as error:
            certificate_sign(actor=personas[Role.MANAGEMENT], certificate=certificate, confirmed_sha256="0" * 64,
                             password=PASSWORD)
    assert "confirmed_sha256" in error.value.error_dict


def test_deputy_must_differ_from_officer(personas, workspace):
    officer = factories.make_officer(workspace)
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        appointment_create(actor=personas[Role.OFFICER], workspace=workspace, officer=officer, deputy=officer,
                           role=builders.ciso_role(), starts_on=date(2026, 12, 1))
    assert "deputy" in error.value.error_dict


def test_appointment_form_rejects_foreign_officer(personas, workspace, other_workspace):
    foreign = factories.make_officer(other_workspace, email="foreign@example.com")
    response = client_for(personas[Role.OFFICER]).post(f"/w/{workspace.slug}/officers/appointments/new/", {
        "role": builders.ciso_role().pk, "officer": str(foreign.pk), "starts_on": "2026-12-01"})
    assert response.status_code == 200
    assert "officer" in response.context["form"].errors
    with workspace_context(workspace):
        assert not Appointment.objects.exists()


def test_public_verification_finds_signed_certificate(client, personas, workspace):
    _appointment, certificate = builders.signed_ciso_appointment(workspace)
    response = client.get("/verify/", {"code": certificate.verification_code}, follow=True)
    assert b"Anna Schneider" in response.content
    assert b'id="verify-state" class="ok"' in response.content
    unknown = client.get("/verify/", {"code": "AAAAA-BBBBB-CCCCC"}, follow=True)
    assert b"Anna Schneider" not in unknown.content


def test_catalogue_loaded_with_versioned_roles():
    from officers.models import RoleCatalogueEntry

    assert RoleCatalogueEntry.objects.filter(is_current=True).count() == 33
    entry = RoleCatalogueEntry.objects.get(key="dpo", is_current=True)
    assert entry.name_de == "Datenschutzbeauftragte/r (DSB)"
    assert "§38 BDSG" in entry.source


def test_certificate_is_issued_once(personas, workspace):
    appointment = _draft(workspace, personas[Role.OFFICER])
    with workspace_context(workspace):
        certificate_issue(actor=personas[Role.OFFICER], appointment=appointment)
        with pytest.raises(ValidationError) as error:
            certificate_issue(actor=personas[Role.OFFICER], appointment=Appointment.objects.get(pk=appointment.pk))
        assert error.value.error_dict["appointment"][0].code == "appointment_not_draft"
        assert AppointmentCertificate.objects.filter(appointment=appointment).count() == 1


def test_signed_certificate_fits_one_page(personas, workspace):
    _appointment, certificate = builders.signed_ciso_appointment(workspace)
    with certificate.signed_file.open("rb") as handle:
        assert len(PdfReader(handle).pages) == 1


def test_signed_certificate_carries_valid_pades_seal(personas, workspace):
    from civac.signing import validate_pdf

    _appointment, certificate = builders.signed_ciso_appointment(workspace)
    with certificate.signed_file.open("rb") as handle:
        check = validate_pdf(handle.read())
    assert check.signed
    assert check.intact
    assert check.valid
    assert "management@acme.example" in check.reason


def test_verification_accepts_code_without_dashes(client, personas, workspace):
    _appointment, certificate = builders.signed_ciso_appointment(workspace)
    typed = certificate.verification_code.replace("-", "").lower()
    assert b"Anna Schneider" in client.get("/verify/", {"code": typed}, follow=True).content
