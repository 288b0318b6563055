"""Decide which officer roles a company needs, from facts it states about itself.

Each role of ``officers/data/officer_roles.yaml`` has one rule here, and the rules use the
thresholds of that catalogue. Where the catalogue marks an entry as not verified, the rule
returns RECOMMENDED or its reason advises a check, because the entry cannot vouch for a duty.
The module reads no files and no database. Reasons are rendered in the language that is
active when ``assess_roles`` runs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Applicability(StrEnum):
    REQUIRED = "required"
    RECOMMENDED = "recommended"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class CompanyFacts:
    """Facts about one company. A count left at None is unknown.

    A flag left at False means the company has not stated that the fact applies.
    """

    # Usual headcount ("in der Regel"). The LkSG threshold counts employees in Germany.
    employees: int | None = None
    # Important or particularly important entity under §28 BSIG.
    nis2_entity: bool = False
    # Credit institution, financial services institution, insurer or investment firm.
    financial_entity_regulated: bool = False
    # Obliged entity under §2(1) Nr. 1-3, 6, 7, 9 or 15 GwG.
    gwg_obliged_financial: bool = False
    # Persons constantly engaged in automated processing of personal data, including non-employees.
    persons_processing_personal_data: int | None = None
    # Core activities are large-scale processing of Art. 9/10 GDPR data or large-scale
    # regular and systematic monitoring.
    core_activities_special_data_or_monitoring: bool = False
    # Some processing needs a data protection impact assessment (Art. 35 GDPR).
    requires_dpia: bool = False
    public_authority: bool = False
    # No establishment in the EU, but subject to the GDPR under Art. 3(2).
    established_outside_eu_targeting_eu: bool = False
    # Involved in the carriage of dangerous goods (as consignor, carrier, loader and so on).
    transports_dangerous_goods: bool = False
    operates_lasers_3r_or_higher: bool = False
    # Operates an installation that needs a licence under §4 BImSchG.
    licensable_installation_bimschg: bool = False
    # Upper-tier establishment under the Störfall-Verordnung.
    upper_tier_seveso: bool = False
    # Regularly generates hazardous waste, or runs a sorting, recovery or disposal plant.
    hazardous_waste_or_waste_plant: bool = False
    # Waste water the company is permitted to discharge, in m3 per day (0 if none).
    waste_water_m3_per_day: int | None = None
    radiation_sources_or_xray: bool = False
    health_care_institution: bool = False
    # A hospital also counts as a health-care institution.
    hospital: bool = False
    employs_severely_disabled: bool = False
    # Average annual final energy consumption over the last three completed calendar years, in GWh.
    energy_consumption_gwh: float | None = None
    provides_or_deploys_ai: bool = False
    # Applies to BAFA for licences for listed goods, or uses General Licence No. 20.
    exports_listed_goods: bool = False
    # Manufacturer of medical devices or in-vitro diagnostics.
    medical_device_manufacturer: bool = False
    # Pharmaceutical entrepreneur placing finished medicinal products on the market.
    pharma_marketing_authorisation: bool = False
    # Operates genetic-engineering facilities or carries out releases.
    genetic_engineering: bool = False
    # Performs animal experiments, or breeds or keeps animals for them.
    animal_experiments: bool = False
    places_consumer_products_eu: bool = False
    # Admitted to classified contracts (Geheimschutzbetreuung).
    classified_contracts: bool = False
    # The risk assessment under §5 ArbSchG shows a particular hazard to life or health.
    employees_at_risk_particular_hazard: bool = False

    def __post_init__(self):
        for name in (
            "employees", "persons_processing_personal_data", "waste_water_m3_per_day",
            "energy_consumption_gwh",
        ):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(
                    f"{name} must be zero or more, or None when unknown, but got {value}.")


@dataclass(frozen=True)
class RoleAssessment:
    """Status of one catalogue role for a company, with the rule and legal basis behind it."""

    key: str
    status: Applicability
    reason: str


Outcome = tuple[Applicability, str]


def _outcome(status: Applicability, message, values: dict) -> Outcome:
    """Render a lazily translated message in the active language and fill its %-placeholders."""
    text = str(message)
    if values:
        text = text % values
    return status, text


def _required(message, **values) -> Outcome:
    return _outcome(Applicability.REQUIRED, message, values)


def _recommended(message, **values) -> Outcome:
    return _outcome(Applicability.RECOMMENDED, message, values)


def _not_applicable(message, **values) -> Outcome:
    return _outcome(Applicability.NOT_APPLICABLE, message, values)


def _is_health_care(facts: CompanyFacts) -> bool:
    return facts.hospital or facts.health_care_institution


# Information security and data protection


def _isb_ciso(facts: CompanyFacts) -> Outcome:
    if facts.public_authority:
        return _recommended(_(
            "Public authority: bodies of the federal administration must appoint an ISB and a "
            "deputy (§45 BSIG). Check whether this body is one."))
    if facts.nis2_entity:
        return _recommended(_(
            "NIS-2 entity (§28 BSIG): no statutory appointment duty, but an ISB is expected in "
            "practice to carry out §§30 and 38 BSIG."))
    return _not_applicable(_(
        "Not a NIS-2 entity (§28 BSIG), and private companies have no statutory duty to appoint "
        "an ISB. ISO/IEC 27001 certification would expect one (clause 5.3)."))


def _dpo(facts: CompanyFacts) -> Outcome:
    if facts.public_authority:
        return _required(_(
            "Public authorities and bodies must designate a DPO (Art. 37(1)(a) GDPR, §5 BDSG)."))
    if facts.core_activities_special_data_or_monitoring:
        return _required(_(
            "Core activities are large-scale processing of special-category data or systematic "
            "monitoring (Art. 37(1)(b), (c) GDPR)."))
    if facts.requires_dpia:
        return _required(_(
            "Processing requires a data protection impact assessment, so a DPO is required "
            "regardless of headcount (§38(1) BDSG)."))

    count = facts.persons_processing_personal_data
    if count is None:
        return _recommended(_(
            "Enter how many persons constantly process personal data: 20 or more require a DPO "
            "(§38(1) BDSG)."))
    if count >= 20:
        return _required(_(
            "%(count)s persons constantly process personal data, and 20 or more require a DPO "
            "(§38(1) BDSG)."), count=count)
    # §38(1) BDSG also requires a DPO for commercial processing for transfer or market
    # research. No fact covers that, so the reason advises a check.
    return _not_applicable(_(
        "Only %(count)s persons constantly process personal data, below 20 (§38(1) BDSG). Check "
        "§38(1) BDSG if data are processed commercially for transfer or market research."),
        count=count)


def _gdpr_eu_representative(facts: CompanyFacts) -> Outcome:
    if facts.established_outside_eu_targeting_eu:
        return _recommended(_(
            "Established outside the EU but subject to the GDPR under Art. 3(2): check the duty "
            "to designate an EU representative (Art. 27 GDPR)."))
    return _not_applicable(_(
        "Art. 27 GDPR applies only to controllers and processors outside the EU that fall under "
        "Art. 3(2) GDPR."))


# Financial-sector compliance


def _compliance_officer(facts: CompanyFacts) -> Outcome:
    if facts.financial_entity_regulated:
        return _recommended(_(
            "Regulated financial entity: check the duty to have a compliance function (§80 WpHG, "
            "§25a KWG, §29 VAG)."))
    return _not_applicable(_(
        "No statutory duty outside regulated financial entities. A compliance function is a "
        "governance decision under management's supervisory duties (§130 OWiG)."))


def _aml_officer(facts: CompanyFacts) -> Outcome:
    if facts.gwg_obliged_financial:
        return _required(_(
            "Obliged entity under §2(1) Nr. 1-3, 6, 7, 9 or 15 GwG: appoint an AML officer and "
            "a deputy unless the authority grants an exemption (§7 GwG)."))
    if facts.financial_entity_regulated:
        return _recommended(_(
            "Regulated financial entity: check whether it is an obliged entity under §2(1) GwG "
            "that needs an AML officer (§7 GwG)."))
    return _not_applicable(_(
        "Not an obliged entity under §2(1) Nr. 1-3, 6, 7, 9 or 15 GwG, but the authority may "
        "still order an AML officer (§7(3) GwG)."))


# Occupational safety and health


def _safety_specialist(facts: CompanyFacts) -> Outcome:
    count = facts.employees
    if count is None:
        return _recommended(_(
            "Enter the number of employees: every employer with employees must appoint a safety "
            "specialist (§5 ASiG)."))
    if count >= 1:
        return _required(_(
            "%(count)s employees: every employer must appoint a safety specialist in writing "
            "(§5 ASiG, DGUV Vorschrift 2)."), count=count)
    return _not_applicable(_("No employees, so no safety specialist is needed (§5 ASiG)."))


def _company_doctor(facts: CompanyFacts) -> Outcome:
    count = facts.employees
    if count is None:
        return _recommended(_(
            "Enter the number of employees: every employer with employees must appoint an "
            "occupational physician (§2 ASiG)."))
    if count >= 1:
        return _required(_(
            "%(count)s employees: every employer must appoint an occupational physician in "
            "writing (§2 ASiG, DGUV Vorschrift 2)."), count=count)
    return _not_applicable(_("No employees, so no occupational physician is needed (§2 ASiG)."))


def _safety_representative(facts: CompanyFacts) -> Outcome:
    count = facts.employees
    if count is None:
        return _recommended(_(
            "Enter the number of employees: 50 or more require safety representatives "
            "(§22 SGB VII)."))
    if count >= 50:
        return _required(_(
            "%(count)s employees: 50 or more require safety representatives (§22 SGB VII)."),
            count=count)
    if count >= 21 and facts.employees_at_risk_particular_hazard:
        return _required(_(
            "%(count)s employees and a particular hazard in the risk assessment: a safety "
            "representative is required (§22 SGB VII)."), count=count)
    return _not_applicable(_(
        "%(count)s employees: safety representatives are required from 50, or from 21 where the "
        "risk assessment shows a particular hazard (§22 SGB VII)."), count=count)


def _first_aider(facts: CompanyFacts) -> Outcome:
    count = facts.employees
    if count is None:
        return _recommended(_(
            "Enter the number of employees: from 2 insured persons present, first aiders are "
            "required (§26 DGUV Vorschrift 1)."))
    if count > 20:
        return _required(_(
            "%(count)s employees: first aiders for 5 per cent of insured persons present in "
            "administration or trade, 10 per cent elsewhere (§26 DGUV Vorschrift 1)."),
            count=count)
    if count >= 2:
        return _required(_(
            "%(count)s employees: at least one first aider for 2 to 20 insured persons present "
            "(§26 DGUV Vorschrift 1, §10 ArbSchG)."), count=count)
    return _not_applicable(_(
        "%(count)s employees: first aiders are required from 2 insured persons present "
        "(§26 DGUV Vorschrift 1)."), count=count)


def _fire_safety_assistant(facts: CompanyFacts) -> Outcome:
    count = facts.employees
    if count is None:
        return _recommended(_(
            "Enter the number of employees: employers with employees name fire safety "
            "assistants (§10 ArbSchG, ASR A2.2)."))
    if count >= 1:
        return _recommended(_(
            "%(count)s employees: name fire safety assistants, about 5 per cent of staff. Check "
            "the share in ASR A2.2 (§10 ArbSchG)."), count=count)
    return _not_applicable(_(
        "No employees, so no fire safety assistants are needed (§10 ArbSchG)."))


def _fire_protection_officer(facts: CompanyFacts) -> Outcome:
    if facts.hospital:
        return _recommended(_(
            "Hospitals are special buildings: check whether the building permit or the Land's "
            "special-building rules require a fire protection officer."))
    return _not_applicable(_(
        "No federal statute requires one. Check the building permit, Land special-building "
        "rules and insurer conditions."))


# Environmental protection


def _immission_control_officer(facts: CompanyFacts) -> Outcome:
    # NOTE: the duty covers only installations listed in Annex I of the 5. BImSchV, which is
    # narrower than the licensable_installation_bimschg fact, so this rule never returns REQUIRED.
    if facts.licensable_installation_bimschg:
        return _recommended(_(
            "Licensable installation under BImSchG: an officer is required if it is listed in "
            "Annex I of the 5. BImSchV, so check the annex (§53 BImSchG)."))
    return _not_applicable(_(
        "No licensable installation under BImSchG, but the authority may still order an officer "
        "(§53(2) BImSchG)."))


def _major_accident_officer(facts: CompanyFacts) -> Outcome:
    if facts.upper_tier_seveso and facts.licensable_installation_bimschg:
        return _required(_(
            "Licensable installation in an upper-tier Störfall establishment (§58a BImSchG, "
            "§1(2) 5. BImSchV)."))
    if facts.upper_tier_seveso:
        return _recommended(_(
            "Upper-tier Störfall establishment: an officer is required for its licensable "
            "installations, so check their licence status (§58a BImSchG)."))
    return _not_applicable(_(
        "No upper-tier Störfall establishment, but the authority may still order an officer "
        "(§58a(2) BImSchG)."))


def _waste_officer(facts: CompanyFacts) -> Outcome:
    if facts.licensable_installation_bimschg or facts.hazardous_waste_or_waste_plant:
        return _recommended(_(
            "Licensable installation, hazardous waste or a waste plant: check the "
            "Abfallbeauftragtenverordnung for a waste officer (§59 KrWG)."))
    return _not_applicable(_(
        "No licensable installation, hazardous waste or waste plant. Check the "
        "Abfallbeauftragtenverordnung if you must take back products (§59 KrWG)."))


def _water_protection_officer(facts: CompanyFacts) -> Outcome:
    volume = facts.waste_water_m3_per_day
    if volume is None:
        return _recommended(_(
            "Enter the permitted waste-water discharge in m3 per day: more than 750 requires a "
            "water protection officer (§64(1) WHG)."))
    if volume > 750:
        return _required(_(
            "Permitted discharge of %(volume)s m3 waste water per day exceeds 750 (§64(1) WHG)."),
            volume=volume)
    return _not_applicable(_(
        "Permitted discharge of %(volume)s m3 waste water per day does not exceed 750, but the "
        "authority may still order an officer (§64(2) WHG)."), volume=volume)


# Radiation, dangerous goods and lasers


def _radiation_protection_officer(facts: CompanyFacts) -> Outcome:
    if facts.radiation_sources_or_xray:
        return _recommended(_(
            "Radiation sources or X-ray equipment: appoint radiation protection officers as "
            "needed for safe operation, and check the number with the authority (§70 StrlSchG)."))
    return _not_applicable(_("No radiation sources or X-ray equipment (§70 StrlSchG)."))


def _dangerous_goods_advisor(facts: CompanyFacts) -> Outcome:
    if facts.transports_dangerous_goods:
        return _required(_(
            "Involved in the carriage of dangerous goods: appoint an adviser in text form unless "
            "§2 GbV exempts the company (§3 GbV)."))
    return _not_applicable(_("Not involved in the carriage of dangerous goods (§3 GbV)."))


def _laser_safety_officer(facts: CompanyFacts) -> Outcome:
    if facts.operates_lasers_3r_or_higher:
        return _required(_(
            "Lasers of class 3R, 3B or 4: appoint a laser safety officer in writing unless the "
            "employer has the expertise (§5(2) OStrV)."))
    return _not_applicable(_("No lasers of class 3R, 3B or 4 (§5(2) OStrV)."))


# Whistleblowing and supply chain


def _internal_reporting_office(facts: CompanyFacts) -> Outcome:
    # NOTE: §12(3) HinSchG also covers stock exchanges, KVGs, crypto and payment institutions,
    # which financial_entity_regulated may leave out. The not-applicable reason cites §12(3).
    if facts.financial_entity_regulated:
        return _required(_(
            "Regulated financial entity: an internal reporting office is required regardless of "
            "size (§12(3) HinSchG)."))

    count = facts.employees
    if count is None:
        return _recommended(_(
            "Enter the number of employees: 50 or more require an internal reporting office "
            "(§12(2) HinSchG)."))
    if count >= 250:
        return _required(_(
            "%(count)s employees: 50 or more require an internal reporting office "
            "(§12(2) HinSchG)."), count=count)
    if count >= 50:
        return _required(_(
            "%(count)s employees: 50 or more require an internal reporting office "
            "(§12(2) HinSchG). Employers below 250 may share one (§14(2) HinSchG)."), count=count)
    return _not_applicable(_(
        "%(count)s employees: an internal reporting office is required from 50 (§12(2) HinSchG), "
        "or at any size for the financial entities listed in §12(3) HinSchG."), count=count)


def _human_rights_officer(facts: CompanyFacts) -> Outcome:
    # NOTE: pending German and EU amendments to the LkSG (CSDDD omnibus) are not reflected here.
    count = facts.employees
    if count is None:
        return _recommended(_(
            "Enter the number of employees in Germany: from 1,000 the LkSG applies "
            "(§1(1) LkSG)."))
    if count >= 1000:
        return _required(_(
            "%(count)s employees: from 1,000 in Germany the company must assign who monitors "
            "supply-chain risk management, for example a human rights officer (§4(3) LkSG)."),
            count=count)
    return _not_applicable(_(
        "%(count)s employees: the LkSG applies from 1,000 employees in Germany (§1(1) LkSG)."),
        count=count)


# Health care and life sciences


def _medical_device_safety_officer(facts: CompanyFacts) -> Outcome:
    if not _is_health_care(facts):
        return _not_applicable(_("Not a health-care institution (§6 MPBetreibV)."))

    count = facts.employees
    if count is None:
        return _recommended(_(
            "Enter the number of employees: health-care institutions with more than 20 require a "
            "medical device safety officer (§6 MPBetreibV)."))
    if count > 20:
        return _required(_(
            "Health-care institution with %(count)s employees: more than 20 require a medical "
            "device safety officer (§6 MPBetreibV)."), count=count)
    return _not_applicable(_(
        "Health-care institution with %(count)s employees: the duty starts above 20 "
        "(§6 MPBetreibV)."), count=count)


def _biosafety_officer(facts: CompanyFacts) -> Outcome:
    if facts.genetic_engineering:
        return _required(_(
            "Genetic-engineering facility or release: appoint a biological safety officer in "
            "writing (§16 GenTSV)."))
    return _not_applicable(_("No genetic-engineering facility or release (§16 GenTSV)."))


def _animal_welfare_officer(facts: CompanyFacts) -> Outcome:
    if facts.animal_experiments:
        return _required(_(
            "Animal experiments, or animals bred or kept for them: appoint an animal welfare "
            "officer before starting (§10 TierSchG, §5 TierSchVersV)."))
    return _not_applicable(_(
        "No animal experiments and no animals bred or kept for them (§10 TierSchG)."))


# Employment, energy and AI


def _inclusion_officer(facts: CompanyFacts) -> Outcome:
    if facts.employs_severely_disabled:
        return _recommended(_(
            "Severely disabled persons are employed: appoint an inclusion officer, but check the "
            "details because §181 SGB IX sets no headcount threshold."))
    return _not_applicable(_(
        "No severely disabled employees. §181 SGB IX sets no headcount threshold, so check "
        "whether the employment quota applies."))


def _energy_manager(facts: CompanyFacts) -> Outcome:
    # The EnEfG requires a management system or published plans, not a named officer, so this
    # rule recommends the role at most.
    consumption = facts.energy_consumption_gwh
    if consumption is None:
        return _recommended(_(
            "Enter the average annual final energy consumption: above 7.5 GWh an energy "
            "management system is mandatory (§8 EnEfG)."))

    gwh = f"{consumption:g}"
    if consumption > 7.5:
        return _recommended(_(
            "%(gwh)s GWh a year: above 7.5 GWh an ISO 50001 energy management system or EMAS is "
            "mandatory (§8 EnEfG), and ISO 50001 assigns a lead (clause 5.3)."), gwh=gwh)
    if consumption > 2.5:
        return _recommended(_(
            "%(gwh)s GWh a year: above 2.5 GWh plans for economic efficiency measures must be "
            "published (§9 EnEfG)."), gwh=gwh)
    return _not_applicable(_(
        "%(gwh)s GWh a year, not above 2.5 GWh (§§8, 9 EnEfG). Companies that are not SMEs "
        "still need an energy audit every 4 years (§8 EDL-G)."), gwh=gwh)


def _ai_literacy_lead(facts: CompanyFacts) -> Outcome:
    if facts.provides_or_deploys_ai:
        return _recommended(_(
            "Provides or deploys AI systems: AI literacy measures are due under Art. 4 AI Act, "
            "amended in 2026 (check the current text). No officer is mandatory."))
    return _not_applicable(_("Neither provides nor deploys AI systems (Art. 4 AI Act)."))


# Trade and products


def _export_control_officer(facts: CompanyFacts) -> Outcome:
    if facts.exports_listed_goods:
        return _required(_(
            "Licence applications for listed goods: BAFA decides them only once a member of the "
            "management body is named export control officer (§8(2) AWG)."))
    return _not_applicable(_(
        "No BAFA licence applications for listed goods and no use of General Licence No. 20 "
        "(§8(2) AWG)."))


def _prrc_medical_devices(facts: CompanyFacts) -> Outcome:
    if facts.medical_device_manufacturer:
        return _recommended(_(
            "Manufacturer of medical devices or IVDs: check the duty to name a person responsible "
            "for regulatory compliance (Art. 15 MDR, Art. 15 IVDR)."))
    return _not_applicable(_(
        "Not a manufacturer of medical devices or IVDs (Art. 15 MDR, Art. 15 IVDR)."))


def _pharmacovigilance_officer(facts: CompanyFacts) -> Outcome:
    if facts.pharma_marketing_authorisation:
        return _recommended(_(
            "Places finished medicinal products on the market: check the duty to name a graduated "
            "plan officer (§63a AMG)."))
    return _not_applicable(_("Places no finished medicinal products on the market (§63a AMG)."))


def _product_safety_responsible_person(facts: CompanyFacts) -> Outcome:
    if facts.places_consumer_products_eu:
        return _recommended(_(
            "Places consumer products on the EU market: check who is the EU-established "
            "responsible economic operator (Art. 4 Reg. (EU) 2019/1020, Art. 16 GPSR)."))
    return _not_applicable(_(
        "Places no consumer products on the EU market (Art. 16 GPSR). Check Art. 4 Reg. (EU) "
        "2019/1020 for other regulated products."))


def _construction_coordinator(facts: CompanyFacts) -> Outcome:
    # NOTE: the duty belongs to each construction project's client, and no company fact covers
    # it, so this rule never returns REQUIRED or RECOMMENDED.
    return _not_applicable(_(
        "The client of a construction project appoints a coordinator when employees of several "
        "employers work on the site (§3 BaustellV). Check each project."))


def _classified_info_security_officer(facts: CompanyFacts) -> Outcome:
    if facts.classified_contracts:
        return _recommended(_(
            "Admitted to classified contracts: check the duty to appoint a security officer "
            "under the Geheimschutzhandbuch (GHB, SÜG)."))
    return _not_applicable(_("Not admitted to classified contracts (Geheimschutzhandbuch)."))


def _hospital_hygiene(facts: CompanyFacts) -> Outcome:
    if facts.hospital:
        return _required(_(
            "Hospitals need hygiene staff under the Land hygiene ordinances (§23 IfSG). Check the "
            "Land ordinance for numbers and qualifications."))
    if facts.health_care_institution:
        return _recommended(_(
            "Health-care institution: check whether the Land hygiene ordinance covers it "
            "(§23 IfSG)."))
    return _not_applicable(_("Not a hospital or health-care institution (§23 IfSG)."))


# One rule per catalogue role, in the order of officers/data/officer_roles.yaml.
_RULES: tuple[tuple[str, Callable[[CompanyFacts], Outcome]], ...] = (
    ("isb_ciso", _isb_ciso),
    ("dpo", _dpo),
    ("gdpr_eu_representative", _gdpr_eu_representative),
    ("compliance_officer", _compliance_officer),
    ("aml_officer", _aml_officer),
    ("safety_specialist", _safety_specialist),
    ("company_doctor", _company_doctor),
    ("safety_representative", _safety_representative),
    ("first_aider", _first_aider),
    ("fire_safety_assistant", _fire_safety_assistant),
    ("fire_protection_officer", _fire_protection_officer),
    ("immission_control_officer", _immission_control_officer),
    ("major_accident_officer", _major_accident_officer),
    ("waste_officer", _waste_officer),
    ("water_protection_officer", _water_protection_officer),
    ("radiation_protection_officer", _radiation_protection_officer),
    ("dangerous_goods_advisor", _dangerous_goods_advisor),
    ("laser_safety_officer", _laser_safety_officer),
    ("internal_reporting_office", _internal_reporting_office),
    ("human_rights_officer", _human_rights_officer),
    ("medical_device_safety_officer", _medical_device_safety_officer),
    ("biosafety_officer", _biosafety_officer),
    ("animal_welfare_officer", _animal_welfare_officer),
    ("inclusion_officer", _inclusion_officer),
    ("energy_manager", _energy_manager),
    ("ai_literacy_lead", _ai_literacy_lead),
    ("export_control_officer", _export_control_officer),
    ("prrc_medical_devices", _prrc_medical_devices),
    ("pharmacovigilance_officer", _pharmacovigilance_officer),
    ("product_safety_responsible_person", _product_safety_responsible_person),
    ("construction_coordinator", _construction_coordinator),
    ("classified_info_security_officer", _classified_info_security_officer),
    ("hospital_hygiene", _hospital_hygiene),
)

ROLE_KEYS: tuple[str, ...] = tuple(key for key, rule in _RULES)


def assess_roles(facts: CompanyFacts) -> list[RoleAssessment]:
    """Assess every catalogue role for ``facts``, in catalogue order."""
    assessments = []
    for key, rule in _RULES:
        status, reason = rule(facts)
        assessments.append(RoleAssessment(key=key, status=status, reason=reason))
    return assessments
