"""Officer-role applicability: company profiles against the catalogue's thresholds, without a database."""

import pytest

from officers.applicability import Applicability, CompanyFacts, RoleAssessment, assess_roles
from officers.catalogue import read_catalogue

REQUIRED = Applicability.REQUIRED
RECOMMENDED = Applicability.RECOMMENDED
NOT_APPLICABLE = Applicability.NOT_APPLICABLE

DATA_PROCESSOR = CompanyFacts(employees=25, persons_processing_personal_data=25)
MID_SIZED = CompanyFacts(employees=60)
HAULIER = CompanyFacts(employees=40, persons_processing_personal_data=5, transports_dangerous_goods=True)
LARGE = CompanyFacts(employees=1200, persons_processing_personal_data=300)
HOSPITAL = CompanyFacts(employees=300, hospital=True, persons_processing_personal_data=250)
SMALL_OFFICE = CompanyFacts(employees=10, persons_processing_personal_data=3)
UNKNOWN = CompanyFacts()
SMALL_BANK = CompanyFacts(employees=8, persons_processing_personal_data=8, financial_entity_regulated=True,
                          gwg_obliged_financial=True)


def _assessment(facts: CompanyFacts, key: str) -> RoleAssessment:
    matches = [assessment for assessment in assess_roles(facts) if assessment.key == key]
    assert len(matches) == 1, f"assess_roles returned {len(matches)} assessments for {key!r}"
    return matches[0]


CASES = [
    # (a) §38(1) BDSG: 20 or more persons constantly processing personal data.
    pytest.param(DATA_PROCESSOR, "dpo", REQUIRED, id="a-dpo-25-processors"),
    # §5 and §2 ASiG: every employer with employees.
    pytest.param(DATA_PROCESSOR, "safety_specialist", REQUIRED, id="a-safety-specialist"),
    pytest.param(DATA_PROCESSOR, "company_doctor", REQUIRED, id="a-company-doctor"),
    # §26 DGUV Vorschrift 1: first aiders from 2 insured persons present.
    pytest.param(DATA_PROCESSOR, "first_aider", REQUIRED, id="a-first-aider"),
    # §22 SGB VII: 21-49 employees only with a particular hazard.
    pytest.param(DATA_PROCESSOR, "safety_representative", NOT_APPLICABLE, id="a-no-safety-rep-without-hazard"),
    # §12(2) HinSchG: from 50 employees.
    pytest.param(DATA_PROCESSOR, "internal_reporting_office", NOT_APPLICABLE, id="a-no-reporting-office"),

    # (b) §12(2) HinSchG: 50 or more employees.
    pytest.param(MID_SIZED, "internal_reporting_office", REQUIRED, id="b-reporting-office-60-staff"),
    # §22 SGB VII: 50 or more employees.
    pytest.param(MID_SIZED, "safety_representative", REQUIRED, id="b-safety-rep-60-staff"),
    # §1(1) LkSG: from 1,000 employees.
    pytest.param(MID_SIZED, "human_rights_officer", NOT_APPLICABLE, id="b-no-human-rights-officer"),
    # §38(1) BDSG: the count of persons processing personal data is unknown.
    pytest.param(MID_SIZED, "dpo", RECOMMENDED, id="b-dpo-processor-count-unknown"),

    # (c) §3 GbV: involvement in the carriage of dangerous goods.
    pytest.param(HAULIER, "dangerous_goods_advisor", REQUIRED, id="c-dangerous-goods-advisor"),
    # §38(1) BDSG: 5 persons is below 20.
    pytest.param(HAULIER, "dpo", NOT_APPLICABLE, id="c-no-dpo-5-processors"),
    # §12(2) HinSchG: 40 is below 50.
    pytest.param(HAULIER, "internal_reporting_office", NOT_APPLICABLE, id="c-no-reporting-office-40-staff"),

    # (d) §§1(1), 4(3) LkSG: 1,000 or more employees in Germany.
    pytest.param(LARGE, "human_rights_officer", REQUIRED, id="d-human-rights-officer-1200-staff"),
    pytest.param(LARGE, "internal_reporting_office", REQUIRED, id="d-reporting-office-1200-staff"),
    pytest.param(LARGE, "dpo", REQUIRED, id="d-dpo-300-processors"),

    # (e) §23 IfSG with the Land hygiene ordinances: hospitals.
    pytest.param(HOSPITAL, "hospital_hygiene", REQUIRED, id="e-hospital-hygiene"),
    # §6 MPBetreibV: health-care institutions with more than 20 employees. A hospital counts as one.
    pytest.param(HOSPITAL, "medical_device_safety_officer", REQUIRED, id="e-medical-device-safety-officer"),
    # No federal statute: Land special-building rules decide, so only a recommendation.
    pytest.param(HOSPITAL, "fire_protection_officer", RECOMMENDED, id="e-fire-protection-officer-check"),
    pytest.param(HOSPITAL, "dangerous_goods_advisor", NOT_APPLICABLE, id="e-no-dangerous-goods-advisor"),

    # Small office: below every headcount threshold except ASiG and DGUV Vorschrift 1.
    pytest.param(SMALL_OFFICE, "internal_reporting_office", NOT_APPLICABLE, id="small-no-reporting-office"),
    pytest.param(SMALL_OFFICE, "human_rights_officer", NOT_APPLICABLE, id="small-no-human-rights-officer"),
    pytest.param(SMALL_OFFICE, "safety_representative", NOT_APPLICABLE, id="small-no-safety-rep"),
    pytest.param(SMALL_OFFICE, "dpo", NOT_APPLICABLE, id="small-no-dpo"),
    pytest.param(SMALL_OFFICE, "safety_specialist", REQUIRED, id="small-safety-specialist"),
    pytest.param(SMALL_OFFICE, "first_aider", REQUIRED, id="small-first-aider"),
    pytest.param(SMALL_OFFICE, "medical_device_safety_officer", NOT_APPLICABLE, id="small-no-mpbetreibv"),
    pytest.param(SMALL_OFFICE, "isb_ciso", NOT_APPLICABLE, id="small-no-isb"),

    # §12(3) HinSchG: regulated financial entities need an office regardless of size.
    pytest.param(SMALL_BANK, "internal_reporting_office", REQUIRED, id="bank-reporting-office-8-staff"),
    # §7 GwG: obliged entities under §2(1) Nr. 1-3, 6, 7, 9, 15 GwG.
    pytest.param(SMALL_BANK, "aml_officer", REQUIRED, id="bank-aml-officer"),
    # §80 WpHG, §25a KWG, §29 VAG: catalogue entry not verified, so only a recommendation.
    pytest.param(SMALL_BANK, "compliance_officer", RECOMMENDED, id="bank-compliance-officer-check"),
]


@pytest.mark.parametrize(("facts", "key", "expected"), CASES)
def test_profile_role_status(facts, key, expected):
    assessment = _assessment(facts, key)
    assert assessment.status == expected, assessment.reason


EMPLOYEE_BASED_ROLES = [
    "safety_specialist", "company_doctor", "safety_representative", "first_aider", "fire_safety_assistant",
    "internal_reporting_office", "human_rights_officer",
]


@pytest.mark.parametrize("key", EMPLOYEE_BASED_ROLES)
def test_unknown_employees_recommends_entering_count(key):
    assessment = _assessment(UNKNOWN, key)
    assert assessment.status == RECOMMENDED
    assert "Enter the number of employees" in assessment.reason


@pytest.mark.parametrize(("key", "fact"), [
    ("dpo", "how many persons constantly process personal data"),
    ("water_protection_officer", "permitted waste-water discharge"),
    ("energy_manager", "average annual final energy consumption"),
])
def test_unknown_count_recommends_entering_fact(key, fact):
    assessment = _assessment(UNKNOWN, key)
    assert assessment.status == RECOMMENDED
    assert fact in assessment.reason


def test_unknown_employees_in_health_care_recommends():
    assessment = _assessment(CompanyFacts(health_care_institution=True), "medical_device_safety_officer")
    assert assessment.status == RECOMMENDED
    assert "Enter the number of employees" in assessment.reason


THRESHOLD_CASES = [
    # §38(1) BDSG: "at least 20" persons.
    pytest.param(CompanyFacts(persons_processing_personal_data=19), "dpo", NOT_APPLICABLE, id="dpo-19"),
    pytest.param(CompanyFacts(persons_processing_personal_data=20), "dpo", REQUIRED, id="dpo-20"),
    # §38(1) BDSG: a DPIA-requiring processing triggers a DPO regardless of headcount.
    pytest.param(CompanyFacts(persons_processing_personal_data=2, requires_dpia=True), "dpo", REQUIRED,
                 id="dpo-dpia"),
    # Art. 37(1)(a) GDPR: public authorities.
    pytest.param(CompanyFacts(public_authority=True), "dpo", REQUIRED, id="dpo-public-authority"),
    # Art. 37(1)(b), (c) GDPR: core activities with special categories or monitoring.
    pytest.param(CompanyFacts(core_activities_special_data_or_monitoring=True), "dpo", REQUIRED,
                 id="dpo-core-activities"),
    # §12(2) HinSchG: "at least 50" employees.
    pytest.param(CompanyFacts(employees=49), "internal_reporting_office", NOT_APPLICABLE, id="hinschg-49"),
    pytest.param(CompanyFacts(employees=50), "internal_reporting_office", REQUIRED, id="hinschg-50"),
    # §1(1) LkSG: "at least 1,000" employees in Germany.
    pytest.param(CompanyFacts(employees=999), "human_rights_officer", NOT_APPLICABLE, id="lksg-999"),
    pytest.param(CompanyFacts(employees=1000), "human_rights_officer", REQUIRED, id="lksg-1000"),
    # §22 SGB VII: 21-49 employees only with a particular hazard, below 21 never.
    pytest.param(CompanyFacts(employees=20, employees_at_risk_particular_hazard=True), "safety_representative",
                 NOT_APPLICABLE, id="sgb7-20-hazard"),
    pytest.param(CompanyFacts(employees=21, employees_at_risk_particular_hazard=True), "safety_representative",
                 REQUIRED, id="sgb7-21-hazard"),
    pytest.param(CompanyFacts(employees=49), "safety_representative", NOT_APPLICABLE, id="sgb7-49-no-hazard"),
    # §26 DGUV Vorschrift 1: from 2 insured persons present.
    pytest.param(CompanyFacts(employees=1), "first_aider", NOT_APPLICABLE, id="dguv-1"),
    pytest.param(CompanyFacts(employees=2), "first_aider", REQUIRED, id="dguv-2"),
    # §§2, 5 ASiG: every employer with employees.
    pytest.param(CompanyFacts(employees=0), "safety_specialist", NOT_APPLICABLE, id="asig-0"),
    pytest.param(CompanyFacts(employees=1), "company_doctor", REQUIRED, id="asig-1"),
    # §6 MPBetreibV: "more than 20" employees in a health-care institution.
    pytest.param(CompanyFacts(employees=20, health_care_institution=True), "medical_device_safety_officer",
                 NOT_APPLICABLE, id="mpbetreibv-20"),
    pytest.param(CompanyFacts(employees=21, health_care_institution=True), "medical_device_safety_officer",
                 REQUIRED, id="mpbetreibv-21"),
    pytest.param(CompanyFacts(employees=300), "medical_device_safety_officer", NOT_APPLICABLE,
                 id="mpbetreibv-not-health-care"),
    # §64(1) WHG: "more than 750" m3 waste water per day.
    pytest.param(CompanyFacts(waste_water_m3_per_day=750), "water_protection_officer", NOT_APPLICABLE,
                 id="whg-750"),
    pytest.param(CompanyFacts(waste_water_m3_per_day=751), "water_protection_officer", REQUIRED, id="whg-751"),
    # §§8, 9 EnEfG: duties above 2.5 and 7.5 GWh, but no named officer, so at most a recommendation.
    pytest.param(CompanyFacts(energy_consumption_gwh=2.5), "energy_manager", NOT_APPLICABLE, id="enefg-2.5"),
    pytest.param(CompanyFacts(energy_consumption_gwh=3.0), "energy_manager", RECOMMENDED, id="enefg-3"),
    pytest.param(CompanyFacts(energy_consumption_gwh=8.0), "energy_manager", RECOMMENDED, id="enefg-8"),
    # BSIG: no statutory ISB for private companies, but expected for NIS-2 entities (§28 BSIG).
    pytest.param(CompanyFacts(nis2_entity=True), "isb_ciso", RECOMMENDED, id="bsig-nis2-entity"),
    pytest.param(CompanyFacts(nis2_entity=False), "isb_ciso", NOT_APPLICABLE, id="bsig-not-nis2"),
    # §58a BImSchG with §1(2) 5. BImSchV: licensable installation in an upper-tier establishment.
    pytest.param(CompanyFacts(upper_tier_seveso=True, licensable_installation_bimschg=True),
                 "major_accident_officer", REQUIRED, id="bimschg-upper-tier-licensed"),
    pytest.param(CompanyFacts(upper_tier_seveso=True), "major_accident_officer", RECOMMENDED,
                 id="bimschg-upper-tier-licence-unknown"),
    # §53 BImSchG: only installations in Annex I of the 5. BImSchV, which the fact does not tell.
    pytest.param(CompanyFacts(licensable_installation_bimschg=True), "immission_control_officer", RECOMMENDED,
                 id="bimschg-licensable-check-annex"),
    # §5(2) OStrV, §16 GenTSV, §10 TierSchG, §8(2) AWG: verified triggers.
    pytest.param(CompanyFacts(operates_lasers_3r_or_higher=True), "laser_safety_officer", REQUIRED, id="ostrv"),
    pytest.param(CompanyFacts(genetic_engineering=True), "biosafety_officer", REQUIRED, id="gentsv"),
    pytest.param(CompanyFacts(animal_experiments=True), "animal_welfare_officer", REQUIRED, id="tierschg"),
    pytest.param(CompanyFacts(exports_listed_goods=True), "export_control_officer", REQUIRED, id="awg"),
    # §23 IfSG: hospitals always, other health-care institutions per Land ordinance.
    pytest.param(CompanyFacts(health_care_institution=True), "hospital_hygiene", RECOMMENDED,
                 id="ifsg-health-care-not-hospital"),
]


@pytest.mark.parametrize(("facts", "key", "expected"), THRESHOLD_CASES)
def test_threshold_status(facts, key, expected):
    assessment = _assessment(facts, key)
    assert assessment.status == expected, assessment.reason


@pytest.mark.parametrize(("facts", "key", "citation"), [
    (DATA_PROCESSOR, "dpo", "§38(1) BDSG"),
    (MID_SIZED, "internal_reporting_office", "§12(2) HinSchG"),
    (HAULIER, "dangerous_goods_advisor", "§3 GbV"),
    (LARGE, "human_rights_officer", "§4(3) LkSG"),
    (HOSPITAL, "hospital_hygiene", "§23 IfSG"),
    (HOSPITAL, "medical_device_safety_officer", "§6 MPBetreibV"),
    (SMALL_BANK, "internal_reporting_office", "§12(3) HinSchG"),
])
def test_reason_names_legal_basis(facts, key, citation):
    assert citation in _assessment(facts, key).reason


def test_reason_contains_counts():
    assert "25 persons" in _assessment(DATA_PROCESSOR, "dpo").reason
    assert "1200 employees" in _assessment(LARGE, "human_rights_officer").reason
    assert "751 m3" in _assessment(CompanyFacts(waste_water_m3_per_day=751), "water_protection_officer").reason
    assert "8 GWh" in _assessment(CompanyFacts(energy_consumption_gwh=8.0), "energy_manager").reason


def test_assess_roles_covers_catalogue_keys_in_order():
    _version, roles = read_catalogue()
    catalogue_keys = [role["key"] for role in roles]
    assessed_keys = [assessment.key for assessment in assess_roles(UNKNOWN)]
    assert assessed_keys == catalogue_keys
    assert len(assessed_keys) == 33


def _every_fact_set() -> CompanyFacts:
    flags = {name: True for name, value in vars(CompanyFacts()).items() if value is False}
    return CompanyFacts(employees=5000, persons_processing_personal_data=5000, waste_water_m3_per_day=5000,
                        energy_consumption_gwh=50.0, **flags)


def test_unverified_roles_at_most_recommended():
    # Catalogue entries marked from_knowledge_unverified only earn a recommendation, except hospital
    # hygiene, because hospitals are the core case of §23 IfSG. Its reason advises a check.
    _version, roles = read_catalogue()
    unverified = {role["key"] for role in roles if role["verification"] == "from_knowledge_unverified"}
    assessments = {assessment.key: assessment for assessment in assess_roles(_every_fact_set())}
    for key in sorted(unverified - {"hospital_hygiene"}):
        assert assessments[key].status != REQUIRED, f"{key}: {assessments[key].reason}"
    assert "Check" in assessments["hospital_hygiene"].reason


@pytest.mark.parametrize("facts", [
    DATA_PROCESSOR, MID_SIZED, HAULIER, LARGE, HOSPITAL, SMALL_OFFICE, UNKNOWN, SMALL_BANK,
    CompanyFacts(employees=0, persons_processing_personal_data=0, waste_water_m3_per_day=0,
                 energy_consumption_gwh=0.0),
], ids=["a", "b", "c", "d", "e", "small", "unknown", "bank", "zero"])
def test_reasons_are_filled_sentences(facts):
    for assessment in assess_roles(facts):
        assert isinstance(assessment.status, Applicability), assessment.key
        assert isinstance(assessment.reason, str), assessment.key
        assert assessment.reason.endswith("."), f"{assessment.key}: {assessment.reason}"
        assert "%(" not in assessment.reason, f"{assessment.key}: {assessment.reason}"


def test_all_facts_leave_only_coordinator_inapplicable():
    statuses = {assessment.key: assessment.status for assessment in assess_roles(_every_fact_set())}
    not_applicable = sorted(key for key, status in statuses.items() if status == NOT_APPLICABLE)
    # The construction coordinator is appointed per project, so no company fact triggers it.
    assert not_applicable == ["construction_coordinator"]


@pytest.mark.parametrize("field", [
    "employees", "persons_processing_personal_data", "waste_water_m3_per_day", "energy_consumption_gwh",
])
def test_negative_count_is_rejected(field):
    with pytest.raises(ValueError, match=field):
        CompanyFacts(**{field: -1})


def test_status_values_are_strings():
    assert [status.value for status in Applicability] == ["required", "recommended", "not_applicable"]
    assert REQUIRED == "required"
