"""The §28 BSIG classification as a table: each row is a set of facts and the category it must yield."""

from decimal import Decimal

import pytest

from civac.tenancy.choices import Nis2Category, TrustServiceProvider
from isms.services.context.catalogue import load_catalogue, parse_catalogue
from isms.services.context.classification import Nis2Input, classify, passes_size_test

M = Decimal("1000000")
BWE = Nis2Category.PARTICULARLY_IMPORTANT
WE = Nis2Category.IMPORTANT
OUT = Nis2Category.NOT_IN_SCOPE
OPEN = Nis2Category.UNDETERMINED

ANLAGE_1 = "energy_electricity"
ANLAGE_2 = "manufacturing_machinery"
TELECOM = "digital_public_telecom_network"

SIZE_CASES = [
    # (entity type, employees, turnover, balance sheet, category, reason code)
    (ANLAGE_1, 250, None, None, BWE, "large"),
    (ANLAGE_1, 249, 50 * M, 43 * M, WE, "medium"),
    (ANLAGE_1, 249, 50 * M + 1, 43 * M + 1, BWE, "large"),
    (ANLAGE_1, 10, 51 * M, 43 * M, WE, "medium"),
    (ANLAGE_1, 10, 50 * M, 44 * M, WE, "medium"),
    (ANLAGE_1, 10, 60 * M, 2 * M, OUT, "small"),
    (ANLAGE_1, 50, 0, 0, WE, "medium"),
    (ANLAGE_1, 49, 10 * M, 10 * M, OUT, "small"),
    (ANLAGE_1, 49, 10 * M + 1, 10 * M + 1, WE, "medium"),
    (ANLAGE_1, 49, 10 * M + 1, 10 * M, OUT, "small"),
    (ANLAGE_1, 0, 11 * M, 9 * M, OUT, "small"),
    (ANLAGE_2, 250, None, None, WE, "medium"),
    (ANLAGE_2, 5000, 900 * M, 900 * M, WE, "medium"),
    (ANLAGE_2, 50, None, None, WE, "medium"),
    (ANLAGE_2, 49, 10 * M, 50 * M, OUT, "small"),
    (ANLAGE_2, 49, 11 * M, 11 * M, WE, "medium"),
    (TELECOM, 50, None, None, BWE, "public_telecom_large"),
    (TELECOM, 49, 10 * M + 1, 10 * M + 1, BWE, "public_telecom_large"),
    (TELECOM, 49, 10 * M, 10 * M + 1, WE, "public_telecom_small"),
    (TELECOM, 3, 0, 0, WE, "public_telecom_small"),
]


@pytest.mark.parametrize("entity_type, employees, turnover, balance, category, code", SIZE_CASES)
def test_size_table(entity_type, employees, turnover, balance, category, code):
    result = classify(Nis2Input(entity_type=entity_type, employees=employees, annual_turnover_eur=turnover,
                                balance_sheet_total_eur=balance))
    assert result.category == category
    assert result.codes == [code]


SPECIAL_CASES = [
    # (facts, category, reason code)
    (Nis2Input(critical_facility_operator=True, employees=3), BWE, "critical_facility"),
    (Nis2Input(entity_type=ANLAGE_2, critical_facility_operator=True, employees=3), BWE, "critical_facility"),
    (Nis2Input(trust_service=TrustServiceProvider.QUALIFIED, employees=2), BWE, "qualified_trust_service"),
    (Nis2Input(entity_type="digital_dns", employees=1), BWE, "any_size"),
    (Nis2Input(entity_type="digital_tld"), BWE, "any_size"),
    (Nis2Input(trust_service=TrustServiceProvider.NON_QUALIFIED, employees=2, annual_turnover_eur=0,
               balance_sheet_total_eur=0), WE, "non_qualified_trust_service"),
    (Nis2Input(entity_type="digital_trust_service", trust_service=TrustServiceProvider.NON_QUALIFIED, employees=300),
     BWE, "trust_service_large"),
    (Nis2Input(entity_type="digital_trust_service", employees=300), OPEN, "trust_service_kind_missing"),
    (Nis2Input(employees=10_000, annual_turnover_eur=900 * M, balance_sheet_total_eur=900 * M), OUT,
     "no_entity_type"),
]


@pytest.mark.parametrize("facts, category, code", SPECIAL_CASES)
def test_special_entity_table(facts, category, code):
    result = classify(facts)
    assert result.category == category
    assert result.codes == [code]


UNKNOWN_SIZE_CASES = [
    # Figures that cannot decide: the result stays open and names what to enter.
    (ANLAGE_1, None, None, None),
    (ANLAGE_1, 100, None, None),
    (ANLAGE_1, 10, 60 * M, None),
    (ANLAGE_2, None, 20 * M, None),
    (TELECOM, 10, None, None),
]


@pytest.mark.parametrize("entity_type, employees, turnover, balance", UNKNOWN_SIZE_CASES)
def test_unknown_size_stays_open(entity_type, employees, turnover, balance):
    result = classify(Nis2Input(entity_type=entity_type, employees=employees, annual_turnover_eur=turnover,
                                balance_sheet_total_eur=balance))
    assert result.category == OPEN
    assert result.codes == ["size_unknown"]


def test_known_money_below_line_decides_without_headcount():
    threshold = load_catalogue().thresholds["important"]
    facts = Nis2Input(annual_turnover_eur=5 * M, balance_sheet_total_eur=None)
    assert passes_size_test(facts, threshold) is None
    facts = Nis2Input(employees=10, annual_turnover_eur=5 * M, balance_sheet_total_eur=None)
    assert passes_size_test(facts, threshold) is False


def test_notes_lead_the_reasons():
    result = classify(Nis2Input(entity_type=ANLAGE_2, employees=80, negligible_activities_note="Kantine",
                                linked_enterprises_note="Schwester-GmbH mit eigener IT"))
    assert result.codes == ["negligible_activities", "linked_enterprises", "medium"]
    assert "Kantine" in result.reasons[0].text
    assert "Schwester-GmbH" in result.reasons[1].text


def test_carve_outs_follow_an_in_scope_result():
    result = classify(Nis2Input(entity_type="finance_credit_institution", employees=400,
                                dora_financial_entity=True, sector_law_carve_out=True))
    assert result.category == BWE
    assert result.codes == ["large", "sector_law_carve_out", "dora"]


def test_carve_outs_are_silent_out_of_scope():
    result = classify(Nis2Input(entity_type=ANLAGE_2, employees=3, annual_turnover_eur=M,
                                balance_sheet_total_eur=M, dora_financial_entity=True))
    assert result.category == OUT
    assert "dora" not in result.codes


def test_reason_names_the_figures():
    result = classify(Nis2Input(entity_type=ANLAGE_1, employees=300))
    assert "300" in result.reasons[0].text
    assert "250" in result.reasons[0].text


@pytest.mark.parametrize("field", ["employees", "annual_turnover_eur", "balance_sheet_total_eur"])
def test_negative_figure_rejected(field):
    with pytest.raises(ValueError, match=field):
        Nis2Input(entity_type=ANLAGE_1, **{field: -1})


def test_unknown_entity_type_rejected():
    with pytest.raises(ValueError, match="unknown NIS-2 entity type"):
        classify(Nis2Input(entity_type="bakery"))


def test_catalogue_covers_both_annexes():
    catalogue = load_catalogue()
    annexes = {entity.annex for entity in catalogue.entity_types.values()}
    assert annexes == {1, 2}
    assert catalogue.thresholds["particularly_important"].min_employees == 250
    assert catalogue.thresholds["important"].turnover_over_eur == 10 * M


def test_catalogue_rejects_unknown_rule():
    data = {"thresholds": {name: {"min_employees": 1, "turnover_over_eur": 1, "balance_sheet_over_eur": 1}
                           for name in ("particularly_important", "important", "public_telecom")},
            "entity_types": [{"key": "x", "annex": 1, "sector": "energy", "rule": "guess", "en": "X", "de": "X"}]}
    with pytest.raises(ValueError, match="unknown rule"):
        parse_catalogue(data)


def test_thresholds_come_from_the_catalogue():
    catalogue = load_catalogue()
    lowered = parse_catalogue({
        "thresholds": {name: {"min_employees": 5, "turnover_over_eur": 1, "balance_sheet_over_eur": 1}
                       for name in ("particularly_important", "important", "public_telecom")},
        "entity_types": [{"key": ANLAGE_1, "annex": 1, "sector": "energy", "rule": "size", "en": "E", "de": "E"}],
    })
    facts = Nis2Input(entity_type=ANLAGE_1, employees=5, annual_turnover_eur=0, balance_sheet_total_eur=0)
    assert classify(facts, catalogue).category == OUT
    assert classify(facts, lowered).category == BWE
