from django.db.models import Q
from django.utils import timezone

from officers.models import Appointment

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


def required_roles_without_appointment():
    """Catalogue roles expected of this workspace with nobody in office.

    A first cut that knows one rule: a NIS-2 entity is expected to have a CISO
    (no statute names the role for private companies, but §30 and §38 BSIG
    measures need an owner).
    """
    from civac.tenancy.context import require_active_workspace
    from officers.models import RoleCatalogueEntry

    workspace = require_active_workspace()
    required_keys = [CISO_ROLE_KEY] if workspace.is_nis2_entity else []
    covered = set(effective_appointments().filter(role__key__in=required_keys).values_list("role__key", flat=True))
    return list(RoleCatalogueEntry.objects.filter(is_current=True, key__in=set(required_keys) - covered))
