"""Grade a mandate against the checklist for an information security officer provided as a service.

The checklist follows §§30, 32, 38 BSIG, ISO/IEC 27001:2022 clause 5.3 and
A.5.2, A.5.19-A.5.22, A.6.6, and Art. 28 GDPR. An item is "missing" when the
contract says nothing about it and "insufficient" when it says something that
does not meet the rule. ``grade_terms`` is a pure function of ``MandateTerms``
so every rule can be tested with a table; ``terms_of`` reads a stored mandate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# A significant incident must reach the authority within 24 h of the client's own
# awareness (§32(1) Nr. 1 BSIG). The client needs time to review and file the
# draft, so the provider's acknowledgement and draft must fit into the rest.
EARLY_WARNING_HOURS = 24
CLIENT_REVIEW_HOURS = 4
MIN_LIABILITY_COVER_EUR = Decimal("250000")

MISSING = "missing"
INSUFFICIENT = "insufficient"


@dataclass(frozen=True)
class MandateTerms:
    """The facts of one mandate that the checklist reads, as plain values."""

    is_nis2_entity: bool
    officer_name: tuple[str, str] | None = None
    deputy_name: tuple[str, str] | None = None
    has_valid_qualification: bool = False
    continuing_education: bool = False
    conflict_declaration: str = ""
    scope: str = ""
    deliverables: str = ""
    hours_per_month: Decimal | None = None
    substitution_rules: str = ""
    reachable_24_7: bool = False
    emergency_channel: str = ""
    acknowledgement_minutes: int | None = None
    early_warning_draft_hours: Decimal | None = None
    submission: str = ""
    client_escalation_duty: bool = False
    significance_criteria: str = ""
    reporting_line: str = ""
    report_frequency: str = ""
    management_keeps_responsibility: bool = False
    management_training_support: bool = False
    access_rights: str = ""
    confidentiality: bool = False
    processes_personal_data: bool = True
    dpa_signed_on: date | None = None
    has_dpa_document: bool = False
    subcontracting: str = ""
    liability_cover_eur: Decimal | None = None
    ends_on: date | None = None
    notice_days: int | None = None
    handover_arrangement: str = ""


@dataclass(frozen=True)
class Finding:
    field: str
    level: str
    message: str


@dataclass
class Grade:
    findings: list[Finding] = field(default_factory=list)

    @property
    def level(self) -> str:
        """``complete``, ``incomplete`` (something missing) or ``insufficient`` (a term breaks a rule)."""
        if any(finding.level == INSUFFICIENT for finding in self.findings):
            return INSUFFICIENT
        return "incomplete" if self.findings else "complete"

    @property
    def level_label(self) -> str:
        """The level in the reader's language, for pages and PDFs."""
        return str({"complete": _("complete"), "incomplete": _("incomplete"),
                    INSUFFICIENT: _("insufficient")}[self.level])

    @property
    def fields(self) -> set[str]:
        return {finding.field for finding in self.findings}

    def add(self, field_name: str, level: str, message) -> None:
        self.findings.append(Finding(field_name, level, str(message)))


def _blank(text: str) -> bool:
    return not (text or "").strip()


def _check_people(terms: MandateTerms, grade: Grade) -> None:
    if terms.officer_name is None or any(_blank(part) for part in terms.officer_name):
        grade.add("appointment", MISSING, _("No named natural person: link the officer's appointment."))
    if terms.deputy_name is None or any(_blank(part) for part in terms.deputy_name):
        grade.add("deputy", MISSING, _("No named deputy: enter a deputy in the linked appointment."))
    if not terms.has_valid_qualification:
        grade.add("qualification", MISSING, _("No valid qualification proof of the named officer is on file."))
    if not terms.continuing_education:
        grade.add("continuing_education", MISSING, _("The contract does not commit the officer to continuing "
                                                      "education."))
    if _blank(terms.conflict_declaration):
        grade.add("conflict_declaration", MISSING, _("No declaration on conflicts of interest in the appointment."))


def _check_scope_and_capacity(terms: MandateTerms, grade: Grade) -> None:
    if _blank(terms.scope):
        grade.add("scope", MISSING, _("The scope (legal units, ISMS scope, locations) is not described."))
    if _blank(terms.deliverables):
        grade.add("deliverables", MISSING, _("No deliverables are listed."))
    if terms.hours_per_month is None:
        grade.add("hours_per_month", MISSING, _("No hours per month are agreed."))
    if _blank(terms.substitution_rules):
        grade.add("substitution_rules", MISSING, _("No substitution rules for the officer's absence."))


def _check_incident_service(terms: MandateTerms, grade: Grade) -> None:
    if not terms.reachable_24_7:
        if terms.is_nis2_entity:
            grade.add("reachable_24_7", INSUFFICIENT, _("The client is a NIS-2 entity, but the officer is not "
                                                        "guaranteed to be reachable 24/7."))
        else:
            grade.add("reachable_24_7", MISSING, _("No 24/7 reachability is agreed."))
    elif _blank(terms.emergency_channel):
        grade.add("emergency_channel", MISSING, _("24/7 reachability is agreed, but no channel is named."))
    if terms.acknowledgement_minutes is None:
        grade.add("acknowledgement_minutes", MISSING, _("No acknowledgement time for incidents is agreed."))
    if terms.early_warning_draft_hours is None:
        grade.add("early_warning_draft_hours", MISSING, _("No time to a draft early warning is agreed."))
    if terms.acknowledgement_minutes is not None and terms.early_warning_draft_hours is not None:
        provider_hours = Decimal(terms.acknowledgement_minutes) / 60 + Decimal(terms.early_warning_draft_hours)
        if provider_hours > EARLY_WARNING_HOURS - CLIENT_REVIEW_HOURS:
            grade.add("early_warning_draft_hours", INSUFFICIENT, _(
                "Acknowledgement and draft take up to %(hours)s h, which leaves the client less than %(review)s h "
                "to file the early warning within 24 h.") % {"hours": f"{provider_hours:.1f}",
                                                             "review": CLIENT_REVIEW_HOURS})
    if _blank(terms.submission):
        grade.add("submission", MISSING, _("The contract does not say who submits reports to the authority."))
    if not terms.client_escalation_duty:
        grade.add("client_escalation_duty", MISSING, _("The client is not obliged to inform the officer of events "
                                                       "at once."))
    if _blank(terms.significance_criteria):
        grade.add("significance_criteria", MISSING, _("No criteria for significant incidents are agreed."))


def _check_governance(terms: MandateTerms, grade: Grade) -> None:
    if _blank(terms.reporting_line):
        grade.add("reporting_line", MISSING, _("No reporting line to management is named."))
    if _blank(terms.report_frequency):
        grade.add("report_frequency", MISSING, _("No frequency of written reports is agreed."))
    if not terms.management_keeps_responsibility:
        grade.add("management_keeps_responsibility", MISSING, _(
            "The contract does not state that management keeps responsibility and liability."))
    if not terms.management_training_support:
        grade.add("management_training_support", MISSING, _("Support for the management training is not agreed."))
    if _blank(terms.access_rights):
        grade.add("access_rights", MISSING, _("Access and information rights are not described."))
    if not terms.confidentiality:
        grade.add("confidentiality", MISSING, _("No confidentiality agreement."))


def _check_contract(terms: MandateTerms, grade: Grade) -> None:
    if terms.processes_personal_data:
        if terms.dpa_signed_on is None:
            grade.add("dpa_signed_on", MISSING, _("No date of the data processing agreement (Art. 28 GDPR)."))
        if not terms.has_dpa_document:
            grade.add("dpa_document", MISSING, _("The data processing agreement is not attached as evidence."))
    if _blank(terms.subcontracting):
        grade.add("subcontracting", MISSING, _("Subcontracting is not regulated."))
    elif terms.subcontracting == "free":
        grade.add("subcontracting", INSUFFICIENT, _("Subcontracting is allowed without the client's consent."))
    if terms.liability_cover_eur is None:
        grade.add("liability_cover_eur", MISSING, _("No professional indemnity cover is named."))
    elif terms.liability_cover_eur < MIN_LIABILITY_COVER_EUR:
        grade.add("liability_cover_eur", INSUFFICIENT, _("The indemnity cover is below %(minimum)s EUR.")
                  % {"minimum": f"{MIN_LIABILITY_COVER_EUR:,.0f}"})
    if terms.notice_days is None and terms.ends_on is None:
        grade.add("notice_days", MISSING, _("Neither a fixed term nor a notice period is agreed."))
    if _blank(terms.handover_arrangement):
        grade.add("handover_arrangement", MISSING, _("No handover arrangement for the end of the mandate."))


def grade_terms(terms: MandateTerms) -> Grade:
    """Check every item of the checklist and name each missing or insufficient one."""
    grade = Grade()
    for check in (_check_people, _check_scope_and_capacity, _check_incident_service, _check_governance,
                  _check_contract):
        check(terms, grade)
    return grade


def terms_of(mandate, *, has_dpa_document: bool, today: date) -> MandateTerms:
    """Collect a stored mandate's facts; the caller looks up the DPA evidence, so this stays query-light."""
    appointment = mandate.appointment
    officer = appointment.officer if appointment else None
    deputy = appointment.deputy if appointment else None
    qualified = officer is not None and any(q.is_valid_on(today) for q in officer.qualifications.all())
    return MandateTerms(
        is_nis2_entity=mandate.workspace.is_nis2_entity,
        officer_name=(officer.first_name, officer.last_name) if officer else None,
        deputy_name=(deputy.first_name, deputy.last_name) if deputy else None,
        has_valid_qualification=qualified,
        continuing_education=mandate.continuing_education,
        conflict_declaration=appointment.conflict_of_interest_declaration if appointment else "",
        has_dpa_document=has_dpa_document,
        **{name: getattr(mandate, name) for name in _MANDATE_FIELDS},
    )


_MANDATE_FIELDS = [
    "scope", "deliverables", "hours_per_month", "substitution_rules", "reachable_24_7", "emergency_channel",
    "acknowledgement_minutes", "early_warning_draft_hours", "submission", "client_escalation_duty",
    "significance_criteria", "reporting_line", "report_frequency", "management_keeps_responsibility",
    "management_training_support", "access_rights", "confidentiality", "processes_personal_data",
    "dpa_signed_on", "subcontracting", "liability_cover_eur", "ends_on", "notice_days", "handover_arrangement",
]
