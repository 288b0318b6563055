"""Appointment lifecycle, qualification evidence, re-authentication when signing, verification and exports."""

import io
from datetime import date, timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from officers import services
from officers.models import Appointment, AppointmentCertificate, RoleCatalogueEntry
from tests import builders, factories
from tests.conftest import client_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _issue(workspace, actor, role_key="isb_ciso", **officer):
    officer = factories.make_officer(workspace, **officer)
    builders.ciso_role()  # makes sure the catalogue is loaded
    role = RoleCatalogueEntry.objects.get(key=role_key, is_current=True)
    with workspace_context(workspace):
        appointment = services.appointment_create(actor=actor, workspace=workspace, officer=officer, role=role,
                                                  starts_on=date(2026, 1, 1))
        return services.certificate_issue(actor=actor, appointment=appointment)


def test_role_needing_evidence_cannot_be_issued_without_it(personas, workspace):
    with pytest.raises(ValidationError) as error:
        _issue(workspace, personas[Role.OFFICER], role_key="dpo")
    assert error.value.error_dict["officer"][0].code == "qualification_missing"


def test_valid_qualification_allows_issue(personas, workspace):
    officer = factories.make_officer(workspace)
    with workspace_context(workspace):
        services.qualification_add(actor=personas[Role.OFFICER], officer=officer, title="Datenschutzbeauftragter (TÜV)",
                                   issuer="TÜV Süd", issued_on=date(2024, 5, 1), expires_on=date(2028, 5, 1))
        role = RoleCatalogueEntry.objects.get(key="dpo", is_current=True)
        appointment = services.appointment_create(actor=personas[Role.OFFICER], workspace=workspace, officer=officer,
                                                  role=role, starts_on=date(2026, 1, 1))
        certificate = services.certificate_issue(actor=personas[Role.OFFICER], appointment=appointment)
    assert certificate.sha256


def test_expired_qualification_is_not_enough(personas, workspace):
    officer = factories.make_officer(workspace)
    with workspace_context(workspace):
        services.qualification_add(actor=personas[Role.OFFICER], officer=officer, title="Fachkunde", issuer="IHK",
                                   issued_on=date(2019, 1, 1), expires_on=date(2025, 1, 1))
        role = RoleCatalogueEntry.objects.get(key="dpo", is_current=True)
        appointment = services.appointment_create(actor=personas[Role.OFFICER], workspace=workspace, officer=officer,
                                                  role=role, starts_on=date(2026, 1, 1))
        with pytest.raises(ValidationError):
            services.certificate_issue(actor=personas[Role.OFFICER], appointment=appointment)


@pytest.mark.parametrize(("fields", "field"), [
    ({"issued_on": date(2030, 1, 1)}, "issued_on"),
    ({"issued_on": date(2024, 1, 1), "expires_on": date(2023, 1, 1)}, "expires_on"),
])
def test_qualification_dates_are_checked(personas, workspace, fields, field):
    officer = factories.make_officer(workspace)
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        services.qualification_add(actor=personas[Role.OFFICER], officer=officer, title="x", issuer="y",
                                   **{"issued_on": date(2024, 1, 1)} | fields)
    assert field in error.value.error_dict


def test_officer_needs_two_name_parts(personas, workspace):
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        services.officer_create(actor=personas[Role.OFFICER], workspace=workspace, first_name="Madonna",
                                last_name=" ", email="m@example.com")
    assert "last_name" in error.value.error_dict


def test_signing_needs_the_password(personas, workspace):
    certificate = _issue(workspace, personas[Role.OFFICER])
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        services.certificate_sign(actor=personas[Role.MANAGEMENT], certificate=certificate,
                                  confirmed_sha256=certificate.sha256, password="wrong")
    assert "password" in error.value.error_dict
    certificate.refresh_from_db()
    assert not certificate.is_signed


def _current_code(secret: str) -> str:
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter))


def test_signing_needs_a_fresh_second_factor(personas, workspace):
    from allauth.mfa.totp.internal.auth import TOTP

    signer = personas[Role.MANAGEMENT]
    secret = "JBSWY3DPEHPK3PXP"
    TOTP.activate(signer, secret)
    certificate = _issue(workspace, personas[Role.OFFICER])
    with workspace_context(workspace):
        with pytest.raises(ValidationError) as error:
            services.certificate_sign(actor=signer, certificate=certificate, confirmed_sha256=certificate.sha256,
                                      password=PASSWORD, otp_code="000000")
        assert "otp_code" in error.value.error_dict
        code = _current_code(secret)
        services.certificate_sign(actor=signer, certificate=certificate, confirmed_sha256=certificate.sha256,
                                  password=PASSWORD, otp_code=code)
    assert Authenticator.objects.filter(user=signer).exists()
    certificate.refresh_from_db()
    assert certificate.is_signed


def test_revocation_shows_on_verification_page(client, personas, workspace):
    appointment, certificate = builders.signed_ciso_appointment(workspace)
    page = client.get(f"/verify/{certificate.verification_code}/")
    assert b'id="verify-state" class="ok"' in page.content
    with workspace_context(workspace):
        services.appointment_revoke(actor=personas[Role.OFFICER], appointment=appointment, reason="Mandat beendet")
    page = client.get(f"/verify/{certificate.verification_code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert b"Revoked." in page.content


def test_verification_compares_uploaded_pdf(client, personas, workspace):
    _appointment, certificate = builders.signed_ciso_appointment(workspace)
    original = certificate.signed_file.open("rb").read()
    url = f"/verify/{certificate.verification_code}/"
    same = client.post(url, {"document": SimpleUploadedFile("c.pdf", original, "application/pdf")})
    assert same.context["upload_matches"] is True
    assert same.context["upload_seal_valid"] is True
    altered = original[:-10] + b"%%EOF\n    "
    changed = client.post(url, {"document": SimpleUploadedFile("c.pdf", altered, "application/pdf")})
    assert changed.context["upload_matches"] is False
    not_pdf = client.post(url, {"document": SimpleUploadedFile("c.pdf", b"hello", "application/pdf")})
    assert "document" in not_pdf.context["upload_form"].errors


def test_verification_is_rate_limited(client, settings, personas, workspace):
    settings.VERIFY_RATE_LIMIT_PER_MINUTE = 3
    statuses = [client.get("/verify/ODD%20CODE!/").status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]


def test_end_and_reissue_keep_history(personas, workspace):
    appointment, certificate = builders.signed_ciso_appointment(workspace)
    with workspace_context(workspace):
        with pytest.raises(ValidationError):
            services.appointment_end(actor=personas[Role.OFFICER], appointment=appointment,
                                     ends_on=appointment.starts_on - timedelta(days=1))
        services.appointment_end(actor=personas[Role.OFFICER], appointment=appointment, ends_on=date(2026, 12, 31))
        renewed = services.appointment_reissue(actor=personas[Role.OFFICER], appointment=appointment,
                                               starts_on=date(2027, 1, 1))
        assert renewed.pk != appointment.pk
        assert renewed.status == Appointment.Status.DRAFT
        assert Appointment.objects.get(pk=appointment.pk).status == Appointment.Status.ENDED
        assert AppointmentCertificate.objects.filter(pk=certificate.pk).exists()


def test_register_exports_xlsx_without_formulas(personas, workspace):
    officer = factories.make_officer(workspace, first_name="=HYPERLINK(\"x\")", last_name="Evil")
    with workspace_context(workspace):
        services.appointment_create(actor=personas[Role.OFFICER], workspace=workspace, officer=officer,
                                    role=builders.ciso_role(), starts_on=date(2026, 1, 1))
    response = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/officers/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert names == ["'=HYPERLINK(\"x\") Evil"]
    pdf = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/officers/export.pdf")
    assert pdf["Content-Type"] == "application/pdf"


def test_register_page_queries_do_not_grow(personas, workspace, django_assert_max_num_queries):
    client = client_for(personas[Role.OFFICER])

    def add(count):
        with workspace_context(workspace):
            for index in range(count):
                officer = factories.make_officer(workspace, email=f"o{timezone.now().timestamp()}{index}@example.com")
                services.appointment_create(actor=personas[Role.OFFICER], workspace=workspace, officer=officer,
                                            role=builders.ciso_role(), starts_on=date(2026, 1, 1))

    add(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(f"/w/{workspace.slug}/officers/")
    add(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/w/{workspace.slug}/officers/")


@pytest.mark.parametrize("typed", [
    "Prüfcode: {code}",
    "https://civac.example.com/verify/{code}/",
    "{plain}",
    " {lower} ",
])
def test_verification_finds_code_in_pasted_text(client, personas, workspace, typed):
    _appointment, certificate = builders.signed_ciso_appointment(workspace)
    code = certificate.verification_code
    text = typed.format(code=code, plain=code.replace("-", ""), lower=code.lower())
    assert b"Anna Schneider" in client.get("/verify/", {"code": text}, follow=True).content


def test_verification_without_code_explains(client):
    response = client.get("/verify/", {"code": "<>!!"}, HTTP_ACCEPT_LANGUAGE="en")
    assert b"Enter the verification code printed on the certificate" in response.content


def test_failed_qualification_form_keeps_input(personas, workspace):
    officer = factories.make_officer(workspace)
    response = client_for(personas[Role.OFFICER]).post(
        f"/w/{workspace.slug}/officers/people/{officer.pk}/qualifications/",
        {"kind": "certificate", "title": "Fachkunde DSB", "issuer": "TÜV", "issued_on": "2024-05-01",
         "expires_on": "2023-01-01"})
    assert response.status_code == 400
    form = response.context["qualification_form"]
    assert "expires_on" in form.errors
    assert form["title"].value() == "Fachkunde DSB"
    assert response.context["qualification_open"] is True


def test_evidence_must_be_pdf_or_image(personas, workspace):
    officer = factories.make_officer(workspace)
    url = f"/w/{workspace.slug}/officers/people/{officer.pk}/qualifications/"
    data = {"kind": "certificate", "title": "Fachkunde", "issuer": "TÜV", "issued_on": "2024-05-01"}
    program = SimpleUploadedFile("nachweis.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client_for(personas[Role.OFFICER]).post(url, data | {"evidence": program})
    assert "evidence" in response.context["qualification_form"].errors
    real = SimpleUploadedFile("../../etc/nachweis.PDF", b"%PDF-1.7\n...", "application/pdf")
    client_for(personas[Role.OFFICER]).post(url, data | {"evidence": real})
    with workspace_context(workspace):
        stored = officer.qualifications.get().evidence.name
    assert stored.startswith("qualifications/")
    assert stored.endswith(".pdf")
    assert "etc" not in stored


def test_failed_revocation_keeps_form_open(personas, workspace):
    appointment, _certificate = builders.signed_ciso_appointment(workspace)
    response = client_for(personas[Role.OFFICER]).post(
        f"/w/{workspace.slug}/officers/appointments/{appointment.pk}/revoke/", {"reason": ""})
    assert response.status_code == 400
    assert response.context["open_form"] == "revoke_form"
    assert "reason" in response.context["revoke_form"].errors
