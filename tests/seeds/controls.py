"""Rows of every controls and SoA model in a foreign workspace, for the isolation matrix."""

from django.core.files.base import ContentFile
from django.utils import timezone

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from isms.models import CatalogueControl, MeasureArea, OwnControl, OwnControlArea, SoAEntry, SoAVersion
from tests import builders_controls, factories


def seed_foreign(workspace, marker: str) -> None:
    builders_controls.annex_a()
    approver = factories.make_user(f"soa-approver-{workspace.slug}@example.com")
    with workspace_context(workspace), acting_as(system="tests"):
        own = OwnControl.objects.create(workspace=workspace, ref="ZZ-1", title=marker, description=marker)
        OwnControlArea.objects.create(workspace=workspace, control=own, area=MeasureArea.objects.get(number=1))
        SoAEntry.objects.create(workspace=workspace, own_control=own, notes=marker)
        SoAEntry.objects.create(workspace=workspace, catalogue_control=CatalogueControl.objects.first(),
                                notes=marker, justification=marker)
        version = SoAVersion(workspace=workspace, number=1, rows=[{"ref": "ZZ-1", "notes": marker}],
                             digest="0" * 64, approved_at=timezone.now(), approved_by=approver, language="de",
                             sha256="0" * 64)
        version.file.save("soa-foreign.pdf", ContentFile(b"%PDF-1.4 " + marker.encode()), save=False)
        version.save()
