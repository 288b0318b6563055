"""A corporate group headed by a foreign workspace, with a subsidiary of its own, for the isolation matrix."""

from civac.audit.context import acting_as
from mandates.models import CompanyGroup
from tests import factories


def seed_foreign(workspace, marker: str) -> None:
    # CompanyGroup spans workspaces and is no tenant row, so no workspace context is needed.
    with acting_as(system="tests"):
        subsidiary = factories.make_workspace(f"{workspace.slug}-sub", legal_name=f"{marker} Tochter GmbH")
        group = CompanyGroup.objects.create(name=marker, parent=workspace)
        group.subsidiaries.add(subsidiary)
