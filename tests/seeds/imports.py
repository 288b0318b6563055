"""An import preview in a foreign workspace for the isolation matrix."""

from civac.tenancy.context import workspace_context
from isms.models import ImportBatch
from tests import factories


def seed_foreign(workspace, marker: str) -> None:
    uploader = factories.make_user(f"importer-{workspace.slug}@rival.example")
    with workspace_context(workspace):
        ImportBatch.objects.create(
            workspace=workspace, kind=ImportBatch.Kind.ASSET, file_name=f"{marker}.csv", sha256="0" * 64,
            rows=[{"line": 2, "values": {"name": marker, "kind": "system", "owner_role": marker}, "errors": []}],
            created_by=uploader)
