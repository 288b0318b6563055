from django.db.models import Q
from django.utils import timezone

from officers.models import Appointment, Qualification

CISO_ROLE_KEY = "isb_ciso"


def effective_appointments():
    """Active appointments of the active workspace whose term includes today."""
    today = timezone.localdate()
    return Appointment.objects.filter(status=Appointment.Status.ACTIVE, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def active_ciso_emails() -> list[str]:
    """E-mail addresses of the CISO and deputy in office in the active workspace."""
    emails = []
    appointments = effective_appointments().filter(role__key=CISO_ROLE_KEY).select_related("officer", "deputy")
    for appointment in appointments:
        emails.append(appointment.officer.email)
        if appointment.deputy is not None:
            emails.append(appointment.deputy.email)
    return emails


def roles_without_appointment() -> dict[str, list]:
    """List the required and recommended roles of the active workspace with nobody appointed today."""
    from civac.tenancy.context import require_active_workspace

    gaps = {"required": [], "recommended": []}
    for item in role_assessments(require_active_workspace()):
        if item["status"] in gaps and not item["in_office"]:
            gaps[item["status"]].append(item["entry"])
    return gaps


def register_rows(appointments):
    """Appointments with what an auditor looks for: in office today, term end and qualification expiry."""
    today = timezone.localdate()
    rows = []
    appointments = list(appointments)
    officer_ids = {appointment.officer_id for appointment in appointments}
    expiries = {}
    for qualification in Qualification.objects.filter(officer_id__in=officer_ids, expires_on__isnull=False):
        current = expiries.get(qualification.officer_id)
        if current is None or qualification.expires_on < current:
            expiries[qualification.officer_id] = qualification.expires_on
    qualified = _officers_with_valid_qualification(officer_ids, today)
    for appointment in appointments:
        in_office = (appointment.status == Appointment.Status.ACTIVE and appointment.starts_on <= today
                     and (appointment.ends_on is None or appointment.ends_on >= today))
        rows.append({"appointment": appointment, "in_office": in_office,
                     "qualification_expires_on": expiries.get(appointment.officer_id),
                     "evidence_missing": appointment.role.qualification_evidence_required
                     and appointment.officer_id not in qualified})
    return rows


def _officers_with_valid_qualification(officer_ids, today) -> set:
    return set(
        Qualification.objects.filter(officer_id__in=officer_ids, issued_on__lte=today)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today)).values_list("officer_id", flat=True)
    )


def company_profile(workspace):
    """Return the workspace's profile, or an unsaved one with every fact unknown or false."""
    from officers.models import CompanyProfile

    return CompanyProfile.objects.filter(workspace=workspace).first() or CompanyProfile(workspace=workspace)


def role_assessments(workspace) -> list[dict]:
    """List every catalogue role with its applicability, legal basis and whether somebody is appointed today."""
    from dataclasses import fields

    from officers.applicability import CompanyFacts, assess_roles
    from officers.models import RoleCatalogueEntry

    profile = company_profile(workspace)
    known = {field.name for field in fields(CompanyFacts)}
    values = {name: getattr(profile, name) for name in known if hasattr(profile, name)}
    if values.get("energy_consumption_gwh") is not None:
        values["energy_consumption_gwh"] = float(values["energy_consumption_gwh"])
    facts = CompanyFacts(employees=workspace.employees, nis2_entity=workspace.is_nis2_entity,
                         **{name: value for name, value in values.items() if name not in {"employees", "nis2_entity"}})
    entries = {entry.key: entry for entry in RoleCatalogueEntry.objects.filter(is_current=True)}
    in_office = set(effective_appointments().values_list("role__key", flat=True))
    return [{"entry": entries.get(item.key), "status": item.status, "reason": item.reason,
             "in_office": item.key in in_office} for item in assess_roles(facts) if item.key in entries]
