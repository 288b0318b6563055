"""The mandate checklist: each rule names the missing or insufficient item, with a table of cases."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from mandates.completeness import INSUFFICIENT, MISSING, MandateTerms, grade_terms

COMPLETE = MandateTerms(
    is_nis2_entity=True, officer_name=("Jonas", "Weber"), deputy_name=("Lena", "Vogel"),
    has_valid_qualification=True, continuing_education=True, conflict_declaration="none", scope="All sites",
    deliverables="Policy, SoA", hours_per_month=Decimal("16"), substitution_rules="Deputy", reachable_24_7=True,
    emergency_channel="+49 30 1", acknowledgement_minutes=60, early_warning_draft_hours=Decimal("8"),
    submission="client", client_escalation_duty=True, significance_criteria="§2 Nr. 11 BSIG",
    reporting_line="CEO", report_frequency="quarterly", management_keeps_responsibility=True,
    management_training_support=True, access_rights="All systems", confidentiality=True,
    processes_personal_data=True, dpa_signed_on=date(2026, 1, 1), has_dpa_document=True,
    subcontracting="prior_consent", liability_cover_eur=Decimal("1000000"), notice_days=90,
    handover_arrangement="Archive",
)


def test_complete_terms_pass():
    grade = grade_terms(COMPLETE)
    assert grade.findings == []
    assert grade.level == "complete"


@pytest.mark.parametrize(("change", "field", "level"), [
    ({"officer_name": None}, "appointment", MISSING),
    ({"deputy_name": ("Lena", "")}, "deputy", MISSING),
    ({"has_valid_qualification": False}, "qualification", MISSING),
    ({"scope": "  "}, "scope", MISSING),
    ({"hours_per_month": None}, "hours_per_month", MISSING),
    ({"reachable_24_7": False}, "reachable_24_7", INSUFFICIENT),
    ({"reachable_24_7": False, "is_nis2_entity": False}, "reachable_24_7", MISSING),
    ({"emergency_channel": ""}, "emergency_channel", MISSING),
    ({"acknowledgement_minutes": None}, "acknowledgement_minutes", MISSING),
    ({"early_warning_draft_hours": Decimal("19.5")}, "early_warning_draft_hours", INSUFFICIENT),
    ({"acknowledgement_minutes": 240, "early_warning_draft_hours": Decimal("17")}, "early_warning_draft_hours",
     INSUFFICIENT),
    ({"submission": ""}, "submission", MISSING),
    ({"client_escalation_duty": False}, "client_escalation_duty", MISSING),
    ({"report_frequency": ""}, "report_frequency", MISSING),
    ({"management_training_support": False}, "management_training_support", MISSING),
    ({"confidentiality": False}, "confidentiality", MISSING),
    ({"dpa_signed_on": None}, "dpa_signed_on", MISSING),
    ({"has_dpa_document": False}, "dpa_document", MISSING),
    ({"subcontracting": "free"}, "subcontracting", INSUFFICIENT),
    ({"liability_cover_eur": Decimal("50000")}, "liability_cover_eur", INSUFFICIENT),
    ({"notice_days": None}, "notice_days", MISSING),
    ({"handover_arrangement": ""}, "handover_arrangement", MISSING),
])
def test_each_rule_names_its_item(change, field, level):
    grade = grade_terms(replace(COMPLETE, **change))
    assert [(finding.field, finding.level) for finding in grade.findings] == [(field, level)]
    assert grade.level == ("insufficient" if level == INSUFFICIENT else "incomplete")
    assert grade.findings[0].message


def test_fixed_term_replaces_notice_period():
    grade = grade_terms(replace(COMPLETE, notice_days=None, ends_on=date(2027, 12, 31)))
    assert grade.findings == []


def test_no_dpa_needed_without_personal_data():
    grade = grade_terms(replace(COMPLETE, processes_personal_data=False, dpa_signed_on=None, has_dpa_document=False))
    assert grade.level == "complete"


def test_response_times_at_the_limit_pass():
    # 60 min acknowledgement plus 19 h to the draft leaves the client exactly 4 h.
    grade = grade_terms(replace(COMPLETE, acknowledgement_minutes=60, early_warning_draft_hours=Decimal("19")))
    assert grade.findings == []


def test_empty_mandate_lists_every_item():
    grade = grade_terms(MandateTerms(is_nis2_entity=True))
    assert grade.level == INSUFFICIENT
    assert {"appointment", "deputy", "reachable_24_7", "handover_arrangement", "dpa_document"} <= grade.fields
    assert len(grade.findings) >= 25
