from officers.models import Appointment

CISO_ROLE_KEY = "isb_ciso"


def active_ciso_emails() -> list[str]:
    """E-mail addresses of the active CISO and deputy of the active workspace."""
    emails = []
    appointments = Appointment.objects.filter(
        status=Appointment.Status.ACTIVE, role__key=CISO_ROLE_KEY
    ).select_related("officer", "deputy")
    for appointment in appointments:
        emails.append(appointment.officer.email)
        if appointment.deputy is not None:
            emails.append(appointment.deputy.email)
    return emails


def required_roles_without_appointment():
    """Catalogue roles this workspace needs but has nobody appointed to.

    A first cut that knows one rule: every NIS-2 entity needs a CISO.
    """
    from civac.tenancy.context import require_active_workspace
    from officers.models import RoleCatalogueEntry

    workspace = require_active_workspace()
    required_keys = [CISO_ROLE_KEY] if workspace.is_nis2_entity else []
    covered = set(
        Appointment.objects.filter(status=Appointment.Status.ACTIVE, role__key__in=required_keys)
        .values_list("role__key", flat=True)
    )
    return list(RoleCatalogueEntry.objects.filter(is_current=True, key__in=set(required_keys) - covered))
