"""An audit with auditor, checklist item and finding, and a nonconformity with action and check, for the matrix."""

from django.utils import timezone

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from isms.models import (AuditAuditor, AuditChecklistItem, AuditFinding, AuditProgramme, CorrectiveAction,
                         EffectivenessCheck, InternalAudit, Nonconformity)
from tests import factories


def seed_foreign(workspace, marker: str) -> None:
    owner = factories.make_user(f"audit-owner-{workspace.slug}@rival.example")
    today = timezone.localdate()
    with workspace_context(workspace), acting_as(system="tests"):
        programme = AuditProgramme.objects.create(workspace=workspace, year=today.year, objectives=marker)
        audit = InternalAudit.objects.create(workspace=workspace, programme=programme, title=marker, scope=marker,
                                             criteria=marker, starts_on=today, ends_on=today)
        AuditAuditor.objects.create(workspace=workspace, audit=audit, external_name=marker)
        item = AuditChecklistItem.objects.create(workspace=workspace, audit=audit, kind="clause", ref="9.2.2",
                                                 title_en=marker, title_de=marker, position=1, notes=marker)
        finding = AuditFinding.objects.create(workspace=workspace, audit=audit, checklist_item=item,
                                              kind=AuditFinding.Kind.MINOR, title=marker, statement=marker)
        nonconformity = Nonconformity.objects.create(workspace=workspace, title=marker, description=marker,
                                                     source=Nonconformity.Source.FINDING, finding=finding)
        CorrectiveAction.objects.create(workspace=workspace, nonconformity=nonconformity, description=marker,
                                        owner=owner, due_on=today)
        EffectivenessCheck.objects.create(workspace=workspace, nonconformity=nonconformity, checked_by=owner,
                                          checked_on=today, result=EffectivenessCheck.Result.EFFECTIVE, notes=marker)
