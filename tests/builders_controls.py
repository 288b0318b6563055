"""Builders for the controls and SoA tests; each writes through the services the app uses."""

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import CatalogueControl, MeasureArea, SoAEntry
from isms.services.controls import load_annex_a
from isms.services.soa import soa_add_catalogue_controls, soa_entry_update
from tests import factories


def annex_a() -> None:
    """Load the catalogue unless the migration's rows are still there (transactional tests empty all tables)."""
    if not CatalogueControl.objects.exists():
        load_annex_a(CatalogueControl, MeasureArea)


def management(workspace, email: str | None = None):
    user = factories.make_user(email or f"ceo@{workspace.slug}.example", first_name="Gerd", last_name="Leitner")
    factories.add_member(workspace, user, Role.MANAGEMENT)
    return user


def officer(workspace, email: str | None = None):
    user = factories.make_user(email or f"isb@{workspace.slug}.example", first_name="Ina", last_name="Berger")
    factories.add_member(workspace, user, Role.OFFICER)
    return user


def assessed_soa(workspace, *, actor, status=SoAEntry.Status.IMPLEMENTED) -> list[SoAEntry]:
    """Add every Annex A control to the SoA and mark it applicable with ``status``."""
    annex_a()
    with workspace_context(workspace), acting_as(actor):
        soa_add_catalogue_controls(actor=actor, workspace=workspace)
        entries = list(SoAEntry.objects.select_related("catalogue_control", "own_control"))
        for entry in entries:
            soa_entry_update(actor=actor, entry=entry, applicability=SoAEntry.Applicability.APPLICABLE,
                             status=status, inclusion_reason="Risikobehandlung", maturity=3)
    return entries
