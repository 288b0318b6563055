from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from officers.models import Appointment, Qualification
from officers.selectors import effective_appointments, roles_without_appointment
from reporting.sections import SectionInput, register

# Qualifications that expire within this many days after compiling are listed as expiring.
EXPIRY_HORIZON_DAYS = 120


@register("officers", _("Appointments and qualifications"), order=40)
def officer_overview(section: SectionInput) -> dict:
    """List the officers in office today, required roles nobody holds and qualifications about to expire."""
    today = timezone.localdate(timezone.now(), section.workspace.zone)
    appointments = effective_appointments().select_related("officer", "role", "deputy").order_by("role__name_en")
    in_office = [{"role": appointment.role.name, "officer": appointment.officer.full_name,
                  "deputy": appointment.deputy.full_name if appointment.deputy else "",
                  "starts_on": appointment.starts_on.isoformat()} for appointment in appointments]
    gaps = roles_without_appointment()
    required_missing = [entry.name for entry in gaps["required"]]
    if required_missing:
        section.missing.append(str(_("Required officer roles without an appointment: %(roles)s"))
                               % {"roles": ", ".join(required_missing)})
    expiring = Qualification.objects.filter(
        expires_on__isnull=False, expires_on__lte=today + timedelta(days=EXPIRY_HORIZON_DAYS),
        officer__appointments__status=Appointment.Status.ACTIVE,
    ).select_related("officer").distinct().order_by("expires_on")
    return {
        "in_office": in_office,
        "required_missing": required_missing,
        "expiring": [{"officer": item.officer.full_name, "title": item.title, "expires_on": item.expires_on.isoformat(),
                      "expired": item.expires_on < today} for item in expiring],
        "horizon_days": EXPIRY_HORIZON_DAYS,
        "appointed_in_quarter": Appointment.objects.filter(
            starts_on__gte=section.period_start.astimezone(section.workspace.zone).date(),
            starts_on__lt=section.period_end.astimezone(section.workspace.zone).date()).count(),
    }
