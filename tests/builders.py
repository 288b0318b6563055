"""Complete domain objects for tests: an appointment with certificate, an incident with obligations."""

from datetime import date, timedelta

from django.utils import timezone

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from incidents.services import incident_create
from officers.catalogue import load_catalogue
from officers.models import RoleCatalogueEntry
from officers.services import appointment_create, certificate_issue, certificate_sign
from tests import factories


def ciso_role():
    # Transactional tests empty every table afterwards, the catalogue that the
    # migration loaded included; load it again when it is gone.
    if not RoleCatalogueEntry.objects.exists():
        load_catalogue(RoleCatalogueEntry)
    return RoleCatalogueEntry.objects.get(key="isb_ciso", is_current=True)


def signed_ciso_appointment(workspace, *, officer_name=("Anna", "Schneider"), officer_email="anna@example.com"):
    """A CISO appointment whose certificate management has signed; returns (appointment, certificate)."""
    with workspace_context(workspace):
        signer = Membership.objects.filter(role=Role.MANAGEMENT).select_related("user").first()
    if signer is None:
        signer_user = factories.make_user(f"management-{workspace.slug}@example.com")
        factories.add_member(workspace, signer_user, Role.MANAGEMENT)
    else:
        signer_user = signer.user
    officer = factories.make_officer(workspace, first_name=officer_name[0], last_name=officer_name[1],
                                     email=officer_email)
    with workspace_context(workspace), acting_as(signer_user):
        appointment = appointment_create(actor=signer_user, workspace=workspace, officer=officer, role=ciso_role(),
                                         starts_on=date(2026, 12, 1), reporting_line="Geschäftsführung",
                                         scope="Gesamtes Unternehmen mit allen Standorten in Stuttgart, Leipzig und "
                                               "Hamburg, einschließlich Produktion, Verwaltung, Vertrieb und "
                                               "der ausgelagerten Rechenzentrumsdienste")
        certificate = certificate_issue(actor=signer_user, appointment=appointment)
        certificate = certificate_sign(actor=signer_user, certificate=certificate,
                                       confirmed_sha256=certificate.sha256, password=factories.PASSWORD)
    return appointment, certificate


def significant_incident(workspace, *, reporter, aware_at=None, title="Ransomware auf Dateiserver",
                         personal_data=False):
    aware_at = aware_at or timezone.now() - timedelta(hours=1)
    with workspace_context(workspace), acting_as(reporter):
        return incident_create(actor=reporter, workspace=workspace, aware_at=aware_at,
                               aware_time_zone="Europe/Berlin", title=title, significant=True,
                               personal_data_involved=personal_data)
