"""Read-only figures for the corporate group view, across the member workspaces a person may open.

Like the partner portfolio, this reads tenant tables across workspaces outside
any workspace context, through the ``all_workspaces`` managers. Every query is
filtered by the ids of the workspaces that ``accessible_members`` returned, so a
member the person cannot open contributes nothing. Each figure is one grouped
query, so the page costs the same for 2 members as for 50.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from allauth.mfa.utils import is_mfa_enabled
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from civac.tenancy.access import WorkspaceAccess, mandated_workspace_ids
from civac.tenancy.models import Membership, MfaException, Workspace
from civac.tenancy.roles import Role
from incidents.models import Incident, ReportingObligation
from isms.models import CatalogueControl, SoAEntry, Task
from mandates.models import CompanyGroup

SHOWN_DEADLINES = 3


@dataclass
class MemberRow:
    access: WorkspaceAccess
    is_parent: bool
    obligations: list = field(default_factory=list)
    open_obligations: int = 0
    overdue_tasks: int = 0
    soa_implemented: int = 0
    soa_relevant: int = 0

    @property
    def workspace(self) -> Workspace:
        return self.access.workspace

    @property
    def more_obligations(self) -> int:
        return self.open_obligations - len(self.obligations)

    @property
    def soa_percent(self) -> int | None:
        return round(100 * self.soa_implemented / self.soa_relevant) if self.soa_relevant else None


def groups_of_workspace(workspace: Workspace) -> list[CompanyGroup]:
    """Return the groups that ``workspace`` heads or belongs to, for the link on its dashboard."""
    return list(CompanyGroup.objects.filter(Q(parent=workspace) | Q(subsidiaries=workspace)).distinct())


def accessible_members(user, group: CompanyGroup) -> list[WorkspaceAccess]:
    """Resolve the user's access to each workspace of ``group`` with the rules of ``resolve_access``.

    A workspace the user has no role in is left out. So is one that requires
    a second factor the user has not set up: the workspace itself would send
    them to the set-up page first, and the group view must not show more.
    """
    workspaces = {group.parent_id: group.parent} | {member.pk: member for member in group.subsidiaries.all()}
    roles = dict(Membership.all_workspaces.filter(user=user, workspace_id__in=workspaces)
                 .values_list("workspace_id", "role"))
    for workspace_id in mandated_workspace_ids(user) & workspaces.keys():
        roles.setdefault(workspace_id, Role.PARTNER_STAFF)
    exceptions = set(MfaException.all_workspaces.filter(user=user, workspace_id__in=roles)
                     .values_list("workspace_id", flat=True))
    accesses = [WorkspaceAccess(workspaces[workspace_id], role, mfa_exception=workspace_id in exceptions)
                for workspace_id, role in roles.items()]
    if any(access.needs_mfa for access in accesses) and not is_mfa_enabled(user):
        accesses = [access for access in accesses if not access.needs_mfa]
    return accesses


def _open_obligations(workspace_ids):
    return ReportingObligation.all_workspaces.filter(
        workspace_id__in=workspace_ids, status=ReportingObligation.Status.OPEN,
    ).exclude(incident__status=Incident.Status.CLOSED)


def _counts(queryset, **aggregates) -> dict:
    return {row["workspace_id"]: row for row in queryset.values("workspace_id").annotate(**aggregates)}


def member_rows(group: CompanyGroup, accesses: list[WorkspaceAccess], *, today: date) -> list[MemberRow]:
    """Fill the figures of every accessible member with a fixed set of queries; the parent comes first."""
    rows = {access.workspace.pk: MemberRow(access=access, is_parent=access.workspace.pk == group.parent_id)
            for access in accesses}
    if not rows:
        return []
    ids = list(rows)

    # Only the nearest deadlines per member are listed, so one member with many
    # open incidents cannot make the page grow without bound.
    nearest = (_open_obligations(ids)
               .annotate(position=Window(RowNumber(), partition_by=F("workspace_id"), order_by=F("due_at").asc()))
               .filter(position__lte=SHOWN_DEADLINES).select_related("incident").order_by("due_at"))
    for obligation in nearest:
        rows[obligation.workspace_id].obligations.append(obligation)
    open_counts = _counts(_open_obligations(ids), n=Count("id"))
    overdue = _counts(Task.all_workspaces.filter(workspace_id__in=ids, status=Task.Status.OPEN, due_on__lt=today),
                      n=Count("id"))
    controls = CatalogueControl.objects.filter(is_current=True).count()
    soa = _counts(SoAEntry.all_workspaces.filter(workspace_id__in=ids, catalogue_control__is_current=True),
                  implemented=Count("id", filter=Q(applicability=SoAEntry.Applicability.APPLICABLE,
                                                   status=SoAEntry.Status.IMPLEMENTED)),
                  excluded=Count("id", filter=Q(applicability=SoAEntry.Applicability.NOT_APPLICABLE)))

    for workspace_id, row in rows.items():
        row.open_obligations = open_counts.get(workspace_id, {}).get("n", 0)
        row.overdue_tasks = overdue.get(workspace_id, {}).get("n", 0)
        # Controls without an SoA entry count as open, as in the gap analysis.
        counts = soa.get(workspace_id, {})
        row.soa_implemented = counts.get("implemented", 0)
        row.soa_relevant = max(controls - counts.get("excluded", 0), 0)
    return sorted(rows.values(), key=lambda row: (not row.is_parent, row.workspace.legal_name.lower()))
