"""Mandate lifecycle: draft, signature by management with re-authentication, overlap and bad input."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from mandates.models import Mandate
from mandates.services import mandate_create, mandate_sign, mandate_update, mandates_activate_due, terms_sha256
from tests import factories
from tests.builders_mandates import complete_terms, draft_mandate, management, named_appointment
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _error_fields(error: ValidationError) -> set[str]:
    return set(error.value.error_dict)


def _sign(workspace, mandate, signer, *, password=PASSWORD, today=date(2026, 3, 1)):
    with workspace_context(workspace), acting_as(signer):
        return mandate_sign(actor=signer, mandate=mandate, confirmed_sha256=terms_sha256(mandate),
                            password=password, today=today)


def test_management_signature_activates(workspace):
    mandate = draft_mandate(workspace, factories.make_partner())
    signer = management(workspace)
    signed = _sign(workspace, mandate, signer)
    assert signed.status == Mandate.Status.ACTIVE
    assert signed.signed_by == signer
    event = AuditEvent.objects.get(object_id=str(mandate.pk), action="sign")
    assert event.changes["sha256"] == signed.signed_sha256


def test_future_start_waits_as_signed(workspace):
    mandate = draft_mandate(workspace, factories.make_partner(), starts_on=date(2026, 6, 1))
    _sign(workspace, mandate, management(workspace), today=date(2026, 3, 1))
    assert Mandate.all_workspaces.get(pk=mandate.pk).status == Mandate.Status.SIGNED
    assert mandates_activate_due(today=date(2026, 5, 31)) == 0
    assert mandates_activate_due(today=date(2026, 6, 1)) == 1
    assert Mandate.all_workspaces.get(pk=mandate.pk).status == Mandate.Status.ACTIVE


def test_wrong_password_is_rejected(workspace):
    mandate = draft_mandate(workspace, factories.make_partner())
    with pytest.raises(ValidationError) as error:
        _sign(workspace, mandate, management(workspace), password="wrong")
    assert _error_fields(error) == {"password"}
    assert Mandate.all_workspaces.get(pk=mandate.pk).status == Mandate.Status.DRAFT


def test_officer_cannot_sign(workspace):
    from civac.tenancy.roles import Role

    mandate = draft_mandate(workspace, factories.make_partner())
    officer = factories.make_user("officer@acme.example")
    factories.add_member(workspace, officer, Role.OFFICER)
    with pytest.raises(ValidationError) as error:
        _sign(workspace, mandate, officer)
    assert _error_fields(error) == {"signer"}


def test_changed_terms_void_the_confirmation(workspace):
    mandate = draft_mandate(workspace, factories.make_partner())
    seen = terms_sha256(mandate)
    with workspace_context(workspace), acting_as(system="tests"):
        mandate_update(actor=None, mandate=mandate, values={"hours_per_month": Decimal("4")})
    signer = management(workspace)
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        mandate_sign(actor=signer, mandate=mandate, confirmed_sha256=seen, password=PASSWORD)
    assert _error_fields(error) == {"confirmed_sha256"}


def test_nis2_client_without_24_7_cannot_sign(workspace):
    assert workspace.is_nis2_entity
    mandate = draft_mandate(workspace, factories.make_partner(), reachable_24_7=False)
    with pytest.raises(ValidationError) as error:
        _sign(workspace, mandate, management(workspace))
    assert _error_fields(error) == {"reachable_24_7"}


def test_overlapping_mandate_for_same_role_is_rejected(workspace):
    signer = management(workspace)
    first = draft_mandate(workspace, factories.make_partner("first"))
    _sign(workspace, first, signer)
    second_partner = factories.make_partner("second")
    with pytest.raises(ValidationError) as error:
        draft_mandate(workspace, second_partner, starts_on=date(2026, 5, 1),
                      appointment=named_appointment(workspace, last_name="Brandt"))
    assert _error_fields(error) == {"roles"}
    assert "First Beratung GmbH" in error.value.messages[0]


def test_overlap_checked_again_at_signature(workspace):
    signer = management(workspace)
    first = draft_mandate(workspace, factories.make_partner("first"))
    second = draft_mandate(workspace, factories.make_partner("second"),
                           appointment=named_appointment(workspace, last_name="Brandt"))
    _sign(workspace, first, signer)
    with pytest.raises(ValidationError) as error:
        _sign(workspace, second, signer)
    assert _error_fields(error) == {"roles"}


def test_after_end_a_new_mandate_may_start(workspace):
    first = draft_mandate(workspace, factories.make_partner("first"), ends_on=date(2026, 3, 31))
    second = draft_mandate(workspace, factories.make_partner("second"), starts_on=date(2026, 4, 1),
                           appointment=named_appointment(workspace, last_name="Brandt"))
    signer = management(workspace)
    _sign(workspace, first, signer)
    _sign(workspace, second, signer, today=date(2026, 4, 1))
    assert Mandate.all_workspaces.get(pk=second.pk).status == Mandate.Status.ACTIVE


@pytest.mark.parametrize(("first", "last"), [
    ("SecureOps", "Beratung GmbH"), ("Security", "Team"), ("ISB", "Services AG"), ("", "Weber"),
])
def test_company_instead_of_person_is_rejected(workspace, first, last):
    appointment = named_appointment(workspace, first_name=first or "x", last_name=last)
    if not first:
        with workspace_context(workspace), acting_as(system="tests"):
            appointment.officer.first_name = ""
            appointment.officer.save()
    with pytest.raises(ValidationError) as error:
        draft_mandate(workspace, factories.make_partner(), appointment=appointment)
    assert _error_fields(error) == {"appointment"}
    assert not Mandate.all_workspaces.exists()


@pytest.mark.parametrize(("field", "value"), [
    ("hours_per_month", Decimal("-4")), ("hours_per_month", Decimal("0")), ("hours_per_month", Decimal("800")),
    ("acknowledgement_minutes", 0), ("acknowledgement_minutes", 5000),
    ("early_warning_draft_hours", Decimal("-1")), ("early_warning_draft_hours", Decimal("100")),
    ("notice_days", 10000), ("liability_cover_eur", Decimal("-5")), ("onsite_days_per_month", Decimal("40")),
])
def test_absurd_numbers_are_rejected(workspace, field, value):
    with pytest.raises(ValidationError) as error:
        draft_mandate(workspace, factories.make_partner(), **{field: value})
    assert _error_fields(error) == {field}
    assert str(value) in error.value.messages[0]


def test_end_before_start_is_rejected(workspace):
    with pytest.raises(ValidationError) as error:
        draft_mandate(workspace, factories.make_partner(), ends_on=date(2025, 12, 31))
    assert _error_fields(error) == {"ends_on"}


def test_unknown_role_is_rejected(workspace):
    appointment = named_appointment(workspace)
    with workspace_context(workspace), acting_as(system="tests"), pytest.raises(ValidationError) as error:
        mandate_create(actor=None, workspace=workspace, partner=factories.make_partner(), starts_on=date(2026, 1, 1),
                       appointment=appointment, **complete_terms(roles="isb_ciso,chief_wizard"))
    assert _error_fields(error) == {"roles"}


def test_signed_mandate_cannot_change(workspace):
    mandate = draft_mandate(workspace, factories.make_partner())
    _sign(workspace, mandate, management(workspace))
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        mandate_update(actor=None, mandate=mandate, values={"hours_per_month": Decimal("4")})
    assert _error_fields(error) == {"status"}


def test_dpa_uploaded_to_the_mandate_counts_as_attached(workspace, personas):
    from isms.services.evidence import evidence_upload
    from mandates.services import mandate_grade
    from tests.builders_policies import PDF, upload

    mandate = draft_mandate(workspace, factories.make_partner(), processes_personal_data=True)
    with workspace_context(workspace):
        assert "dpa_document" in mandate_grade(mandate).fields
        evidence_upload(actor=personas["officer"], workspace=workspace, subject=mandate,
                        upload=upload("dpa-signed.pdf", PDF))
        assert "dpa_document" not in mandate_grade(mandate).fields
