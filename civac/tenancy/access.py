"""Access rules: which workspaces a user may open, and with which role.

The one place that reads memberships and mandates across workspaces; every
workspace view goes through ``resolve_access``.
"""

from __future__ import annotations

from dataclasses import dataclass

from civac.tenancy.models import Membership, MfaException, Workspace
from civac.tenancy.roles import ADMIN_ROLES, EDITOR_ROLES, MFA_REQUIRED_ROLES, SIGNER_ROLES, Role


@dataclass(frozen=True)
class WorkspaceAccess:
    workspace: Workspace
    role: str
    mfa_exception: bool = False

    @property
    def needs_mfa(self) -> bool:
        """Whether the user must have a second factor set up before opening the workspace."""
        if self.mfa_exception:
            return False
        return self.role in MFA_REQUIRED_ROLES or self.workspace.require_mfa

    @property
    def can_edit(self) -> bool:
        return self.role in EDITOR_ROLES

    @property
    def can_sign(self) -> bool:
        return self.role in SIGNER_ROLES

    @property
    def can_admin(self) -> bool:
        return self.role in ADMIN_ROLES

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def mandated_workspace_ids(user) -> set:
    """Workspaces the user reaches as staff of a partner with an active mandate."""
    from mandates.selectors import active_mandate_workspace_ids_for_user

    return active_mandate_workspace_ids_for_user(user)


def resolve_access(user, slug: str) -> WorkspaceAccess | None:
    if not user.is_authenticated:
        return None
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        return None
    membership = Membership.all_workspaces.filter(workspace=workspace, user=user).first()
    if membership is not None:
        role = membership.role
    elif workspace.pk in mandated_workspace_ids(user):
        role = Role.PARTNER_STAFF
    else:
        return None
    exception = MfaException.all_workspaces.filter(workspace=workspace, user=user).exists()
    return WorkspaceAccess(workspace, role, mfa_exception=exception)


def accessible_workspaces(user) -> list[WorkspaceAccess]:
    """List every workspace the user may open, for the workspace switcher."""
    if not user.is_authenticated:
        return []
    result = {}
    for membership in Membership.all_workspaces.filter(user=user).select_related("workspace"):
        result[membership.workspace_id] = WorkspaceAccess(membership.workspace, membership.role)
    for workspace in Workspace.objects.filter(pk__in=mandated_workspace_ids(user)):
        result.setdefault(workspace.pk, WorkspaceAccess(workspace, Role.PARTNER_STAFF))
    return sorted(result.values(), key=lambda access: access.workspace.legal_name.lower())
