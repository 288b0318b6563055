"""Classify an entity under §28 BSIG from facts it states about itself.

``classify`` is a pure function: it reads the catalogue passed in (by default the
YAML data file) and no database. It returns the category and the reasons that led
there, each with a stable code for tests and a text in the language active when it
runs. Missing size figures that the decision needs give "not yet determined", with a
reason naming the figures to enter, rather than a guess.

Order of the tests, as in §28(1) and (2) BSIG: operators of critical facilities,
qualified trust service providers, TLD registries and DNS providers (any size);
public telecom (own 50 staff / EUR 10 M line); non-qualified trust service providers
(important at any size); then the other entity types of Anlage 1 and 2 by size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from civac.tenancy.choices import Nis2Category, TrustServiceProvider
from isms.services.context.catalogue import EntityType, Nis2Catalogue, SizeThreshold, load_catalogue


@dataclass(frozen=True)
class Nis2Input:
    """Facts for the classification. Size figures left at None are unknown."""

    entity_type: str = ""
    critical_facility_operator: bool = False
    trust_service: str = TrustServiceProvider.NONE
    employees: int | None = None
    annual_turnover_eur: Decimal | None = None
    balance_sheet_total_eur: Decimal | None = None
    negligible_activities_note: str = ""
    linked_enterprises_note: str = ""
    # §28(5): public telecom and energy operators that follow their sector law for most duties.
    sector_law_carve_out: bool = False
    # §28(6): financial entities under DORA.
    dora_financial_entity: bool = False

    def __post_init__(self):
        for name in ("employees", "annual_turnover_eur", "balance_sheet_total_eur"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must be zero or more, or None when unknown, but got {value}")
        if self.trust_service not in TrustServiceProvider.values:
            raise ValueError(f"trust_service must be one of {TrustServiceProvider.values}, not {self.trust_service!r}")


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


@dataclass(frozen=True)
class Classification:
    category: str
    reasons: tuple[Reason, ...] = field(default=())

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]

    @property
    def in_scope(self) -> bool:
        return self.category in {Nis2Category.PARTICULARLY_IMPORTANT, Nis2Category.IMPORTANT}


def passes_size_test(facts: Nis2Input, threshold: SizeThreshold) -> bool | None:
    """Apply "headcount OR (turnover AND balance sheet)"; None when the known figures cannot decide."""
    if facts.employees is not None and facts.employees >= threshold.min_employees:
        return True
    turnover, balance = facts.annual_turnover_eur, facts.balance_sheet_total_eur
    turnover_over = None if turnover is None else turnover > threshold.turnover_over_eur
    balance_over = None if balance is None else balance > threshold.balance_sheet_over_eur
    if turnover_over is False or balance_over is False:
        money_passes = False
    elif turnover_over and balance_over:
        money_passes = True
    else:
        money_passes = None
    if money_passes:
        return True
    if facts.employees is not None and money_passes is False:
        return False
    return None


def classify(facts: Nis2Input, catalogue: Nis2Catalogue | None = None) -> Classification:
    catalogue = catalogue or load_catalogue()
    entity = catalogue.entity_type(facts.entity_type) if facts.entity_type else None
    reasons = _notes(facts)
    category = _decide(facts, entity, catalogue, reasons)
    if category in {Nis2Category.PARTICULARLY_IMPORTANT, Nis2Category.IMPORTANT}:
        reasons.extend(_carve_outs(facts))
    return Classification(category=category, reasons=tuple(reasons))


def _decide(facts: Nis2Input, entity: EntityType | None, catalogue: Nis2Catalogue, reasons: list) -> str:
    if facts.critical_facility_operator:
        reasons.append(Reason("critical_facility", _(
            "Operator of a critical facility: particularly important at any size (§28(1) Nr. 1 BSIG).")))
        return Nis2Category.PARTICULARLY_IMPORTANT
    if facts.trust_service == TrustServiceProvider.QUALIFIED:
        reasons.append(Reason("qualified_trust_service", _(
            "Qualified trust service provider: particularly important at any size (§28(1) Nr. 2 BSIG).")))
        return Nis2Category.PARTICULARLY_IMPORTANT
    if entity is not None and entity.rule == "any_size":
        reasons.append(Reason("any_size", _(
            "%(type)s: particularly important at any size (§28(1) Nr. 2 BSIG).") % {"type": entity.name}))
        return Nis2Category.PARTICULARLY_IMPORTANT
    if entity is not None and entity.rule == "public_telecom":
        return _decide_public_telecom(facts, entity, catalogue.thresholds["public_telecom"], reasons)
    if facts.trust_service == TrustServiceProvider.NON_QUALIFIED:
        return _decide_non_qualified_trust(facts, catalogue.thresholds["particularly_important"], reasons)
    if entity is None:
        reasons.append(Reason("no_entity_type", _(
            "No entity type of Anlage 1 or 2 BSIG applies, and no special case of §28 BSIG: "
            "not in scope of NIS-2.")))
        return Nis2Category.NOT_IN_SCOPE
    if entity.rule == "trust_service":
        reasons.append(Reason("trust_service_kind_missing", _(
            "Trust service provider: state in the workspace settings whether the trust services are qualified.")))
        return Nis2Category.UNDETERMINED
    return _decide_by_size(facts, entity, catalogue, reasons)


def _decide_public_telecom(facts, entity, threshold, reasons) -> str:
    passed = passes_size_test(facts, threshold)
    figures = _figures(facts)
    if passed is None:
        reasons.append(Reason("size_unknown", _(
            "%(type)s with %(figures)s: at least important; enter the headcount, or turnover and balance "
            "sheet total, to decide whether it is particularly important.") % {"type": entity.name,
                                                                               "figures": figures}))
        return Nis2Category.UNDETERMINED
    if passed:
        reasons.append(Reason("public_telecom_large", _(
            "%(type)s with %(figures)s, which meets %(test)s: particularly important (§28(1) Nr. 3 BSIG).")
            % {"type": entity.name, "figures": figures, "test": _threshold_text(threshold)}))
        return Nis2Category.PARTICULARLY_IMPORTANT
    reasons.append(Reason("public_telecom_small", _(
        "%(type)s with %(figures)s, below %(test)s: important at any size (§28(2) Nr. 1 BSIG).")
        % {"type": entity.name, "figures": figures, "test": _threshold_text(threshold)}))
    return Nis2Category.IMPORTANT


def _decide_non_qualified_trust(facts, threshold, reasons) -> str:
    passed = passes_size_test(facts, threshold)
    figures = _figures(facts)
    if passed:
        reasons.append(Reason("trust_service_large", _(
            "Non-qualified trust service provider with %(figures)s, which meets %(test)s: particularly "
            "important as an entity type of Anlage 1 (§28(1) Nr. 4 BSIG).")
            % {"figures": figures, "test": _threshold_text(threshold)}))
        return Nis2Category.PARTICULARLY_IMPORTANT
    if passed is None:
        reasons.append(Reason("size_unknown", _(
            "Non-qualified trust service provider with %(figures)s: at least important; enter the headcount, "
            "or turnover and balance sheet total, to decide whether it is particularly important.")
            % {"figures": figures}))
        return Nis2Category.UNDETERMINED
    reasons.append(Reason("non_qualified_trust_service", _(
        "Non-qualified trust service provider: important at any size (§28(2) Nr. 2 BSIG).")))
    return Nis2Category.IMPORTANT


def _decide_by_size(facts, entity, catalogue, reasons) -> str:
    large_test = catalogue.thresholds["particularly_important"]
    medium_test = catalogue.thresholds["important"]
    large = passes_size_test(facts, large_test) if entity.annex == 1 else False
    medium = passes_size_test(facts, medium_test)
    values = {"type": entity.name, "annex": entity.annex, "figures": _figures(facts)}
    if large:
        reasons.append(Reason("large", _(
            "%(type)s (Anlage %(annex)s) with %(figures)s, which meets %(test)s: particularly important "
            "(§28(1) Nr. 4 BSIG).") % {**values, "test": _threshold_text(large_test)}))
        return Nis2Category.PARTICULARLY_IMPORTANT
    if large is None or medium is None:
        reasons.append(Reason("size_unknown", _(
            "%(type)s (Anlage %(annex)s) with %(figures)s: the figures do not decide the category; enter the "
            "headcount, or turnover and balance sheet total.") % values))
        return Nis2Category.UNDETERMINED
    if medium:
        reasons.append(Reason("medium", _(
            "%(type)s (Anlage %(annex)s) with %(figures)s, which meets %(test)s: important (§28(2) Nr. 3 BSIG).")
            % {**values, "test": _threshold_text(medium_test)}))
        return Nis2Category.IMPORTANT
    reasons.append(Reason("small", _(
        "%(type)s (Anlage %(annex)s) with %(figures)s, below %(test)s: not in scope of NIS-2.")
        % {**values, "test": _threshold_text(medium_test)}))
    return Nis2Category.NOT_IN_SCOPE


def _notes(facts: Nis2Input) -> list[Reason]:
    notes = []
    if facts.negligible_activities_note.strip():
        notes.append(Reason("negligible_activities", _(
            "Activities left out as negligible when choosing the entity type (§28(3) BSIG): %(note)s")
            % {"note": facts.negligible_activities_note.strip()}))
    if facts.linked_enterprises_note.strip():
        notes.append(Reason("linked_enterprises", _(
            "Figures of partner and linked enterprises left out because their IT is independent "
            "(§28(4) BSIG): %(note)s") % {"note": facts.linked_enterprises_note.strip()}))
    return notes


def _carve_outs(facts: Nis2Input) -> list[Reason]:
    carve_outs = []
    if facts.sector_law_carve_out:
        carve_outs.append(Reason("sector_law_carve_out", _(
            "Public telecom or energy operator: §§30 to 32, 35, 36, 38, 39, 61 and 62 BSIG give way to the "
            "sector law (§28(5) BSIG).")))
    if facts.dora_financial_entity:
        carve_outs.append(Reason("dora", _(
            "Financial entity under DORA: §§30 to 32, 35, 36, 38 and 39 BSIG do not apply; incidents are "
            "reported under DORA (§28(6) BSIG).")))
    return carve_outs


def _money(value: Decimal) -> str:
    return "EUR " + number_format(value, decimal_pos=0, force_grouping=True)


def _figures(facts: Nis2Input) -> str:
    unknown = _("unknown")
    employees = unknown if facts.employees is None else number_format(facts.employees, force_grouping=True)
    turnover = unknown if facts.annual_turnover_eur is None else _money(facts.annual_turnover_eur)
    balance = unknown if facts.balance_sheet_total_eur is None else _money(facts.balance_sheet_total_eur)
    return _("%(employees)s employees, turnover %(turnover)s, balance sheet total %(balance)s") % {
        "employees": employees, "turnover": turnover, "balance": balance}


def _threshold_text(threshold: SizeThreshold) -> str:
    return _("the threshold of at least %(employees)s employees, or turnover above %(turnover)s and balance "
             "sheet total above %(balance)s") % {
        "employees": threshold.min_employees, "turnover": _money(threshold.turnover_over_eur),
        "balance": _money(threshold.balance_sheet_over_eur)}
