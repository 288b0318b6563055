"""Mandates for tests: a complete draft for a NIS-2 client, with officer, deputy and qualification."""

from datetime import date
from decimal import Decimal

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from mandates.services import mandate_create
from officers.models import Appointment, Qualification
from tests import factories
from tests.builders import ciso_role


def complete_terms(**overrides) -> dict:
    """Terms that pass every item of the checklist except the DPA document, which needs an upload."""
    terms = {
        "continuing_education": True, "scope": "Whole company, all sites", "deliverables": "Policy, risks, SoA",
        "hours_per_month": Decimal("16"), "substitution_rules": "Deputy takes over", "reachable_24_7": True,
        "emergency_channel": "+49 30 1234567", "acknowledgement_minutes": 60,
        "early_warning_draft_hours": Decimal("8"), "submission": "client", "client_escalation_duty": True,
        "significance_criteria": "As in §2 Nr. 11 BSIG", "reporting_line": "Managing director",
        "report_frequency": "quarterly", "management_keeps_responsibility": True,
        "management_training_support": True, "access_rights": "All systems", "confidentiality": True,
        "processes_personal_data": False, "subcontracting": "prior_consent",
        "liability_cover_eur": Decimal("1000000"), "notice_days": 90, "handover_arrangement": "Archive and session",
    }
    terms.update(overrides)
    return terms


def named_appointment(workspace, *, first_name="Jonas", last_name="Weber", qualified=True) -> Appointment:
    officer = factories.make_officer(workspace, first_name=first_name, last_name=last_name,
                                     email=f"{last_name.lower()}@partner.example")
    deputy = factories.make_officer(workspace, first_name="Lena", last_name="Vogel", email="vogel@partner.example")
    with workspace_context(workspace), acting_as(system="tests"):
        if qualified:
            Qualification.objects.create(workspace=workspace, officer=officer, title="ISO 27001 Lead Implementer",
                                         issuer="TÜV", issued_on=date(2024, 5, 1))
        return Appointment.objects.create(workspace=workspace, role=ciso_role(), officer=officer, deputy=deputy,
                                          starts_on=date(2026, 1, 1), conflict_of_interest_declaration="none")


def draft_mandate(workspace, partner, *, starts_on=date(2026, 1, 1), appointment=None, **overrides):
    appointment = appointment or named_appointment(workspace)
    with workspace_context(workspace), acting_as(system="tests"):
        return mandate_create(actor=None, workspace=workspace, partner=partner, starts_on=starts_on,
                              appointment=appointment, **complete_terms(**overrides))


def management(workspace):
    user = factories.make_user(f"board@{workspace.slug}.example")
    factories.add_member(workspace, user, Role.MANAGEMENT)
    return user
