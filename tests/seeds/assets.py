"""Assets and a dependency in a foreign workspace for the isolation matrix."""

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from isms.models import Asset, AssetDependency


def seed_foreign(workspace, marker: str) -> None:
    with workspace_context(workspace), acting_as(system="tests"):
        server = Asset.objects.create(workspace=workspace, name=marker, kind=Asset.Kind.SYSTEM, owner_role=marker,
                                      description=marker)
        data = Asset.objects.create(workspace=workspace, name=f"{marker} data", kind=Asset.Kind.INFORMATION,
                                    owner_role=marker)
        AssetDependency.objects.create(workspace=workspace, asset=data, depends_on=server)
