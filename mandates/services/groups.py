"""Corporate groups: a parent workspace and the subsidiaries its workspace admin attaches.

A group spans workspaces, so no automatic tenant audit covers it. Every
change here writes explicit events: on the parent's chain, and on the chain
of the subsidiary it attaches or detaches, so each company's own audit log
shows who linked it to a group.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership, Workspace
from civac.tenancy.roles import ADMIN_ROLES
from mandates.models import CompanyGroup

OBJECT_TYPE = "mandates.companygroup"
MAX_NAME_LENGTH = 200


def administered_workspace_ids(user) -> set:
    """Return the ids of the workspaces where ``user`` is workspace admin by membership."""
    return set(Membership.all_workspaces.filter(user=user, role__in=ADMIN_ROLES)
               .values_list("workspace_id", flat=True))


def _require_admin(actor, workspace: Workspace, field: str) -> None:
    if workspace.pk not in administered_workspace_ids(actor):
        raise field_error(field, _("You are not workspace admin of %(workspace)s; only its workspace admin can "
                                   "add it to a group.") % {"workspace": workspace.legal_name},
                          "not_workspace_admin")


def _record(group: CompanyGroup, *, actor, workspace_id, action: str, changes: dict) -> None:
    append_event(workspace_id=workspace_id, action=action, object_type=OBJECT_TYPE, object_id=str(group.pk),
                 object_repr=group.name, changes=changes, actor=actor)


@transaction.atomic
def group_create(*, actor, parent: Workspace, name: str) -> CompanyGroup:
    """Create the corporate group headed by ``parent``; ``actor`` must be workspace admin there."""
    name = (name or "").strip()
    if not name:
        raise field_error("name", _("Enter the name of the corporate group."), "name_missing")
    if len(name) > MAX_NAME_LENGTH:
        raise field_error("name", _("The name is too long; use at most %(max)s characters.")
                          % {"max": MAX_NAME_LENGTH}, "name_too_long")
    _require_admin(actor, parent, "name")

    # The row lock serialises two admins creating a group for the same parent at
    # once; the unique constraint would otherwise surface as a database error.
    Workspace.objects.select_for_update().filter(pk=parent.pk).first()
    if CompanyGroup.objects.filter(parent=parent).exists():
        raise field_error("name", _("%(workspace)s already heads a corporate group; add subsidiaries to that "
                                    "group instead.") % {"workspace": parent.legal_name}, "group_exists")

    group = CompanyGroup.objects.create(name=name, parent=parent)
    _record(group, actor=actor, workspace_id=parent.pk, action="create",
            changes={"name": [None, name], "parent": [None, str(parent.pk)]})
    return group


@transaction.atomic
def group_add_subsidiary(*, actor, group: CompanyGroup, workspace: Workspace) -> None:
    """Attach ``workspace`` to ``group``; ``actor`` must be workspace admin of the parent and of ``workspace``."""
    _require_admin(actor, group.parent, "workspace")
    if workspace.pk == group.parent_id:
        raise field_error("workspace", _("%(workspace)s heads this group and cannot be its own subsidiary.")
                          % {"workspace": workspace.legal_name}, "parent_as_subsidiary")
    _require_admin(actor, workspace, "workspace")

    # Locking the workspace row keeps two groups from attaching it at the same time.
    Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
    current = CompanyGroup.objects.filter(subsidiaries=workspace).first()
    if current is not None and current.pk == group.pk:
        raise field_error("workspace", _("%(workspace)s is already a subsidiary in this group.")
                          % {"workspace": workspace.legal_name}, "already_member")
    if current is not None:
        raise field_error("workspace", _("%(workspace)s already belongs to the group %(group)s; remove it there "
                                         "first.") % {"workspace": workspace.legal_name, "group": current.name},
                          "member_of_other_group")

    group.subsidiaries.add(workspace)
    changes = {"subsidiary_added": str(workspace.pk), "subsidiary": workspace.legal_name}
    _record(group, actor=actor, workspace_id=group.parent_id, action="update", changes=changes)
    _record(group, actor=actor, workspace_id=workspace.pk, action="update", changes=changes)


@transaction.atomic
def group_remove_subsidiary(*, actor, group: CompanyGroup, workspace: Workspace) -> None:
    """Detach ``workspace`` from ``group``; the parent's workspace admin may detach any subsidiary."""
    _require_admin(actor, group.parent, "workspace")
    if not group.subsidiaries.filter(pk=workspace.pk).exists():
        raise field_error("workspace", _("%(workspace)s is not a subsidiary in this group.")
                          % {"workspace": workspace.legal_name}, "not_member")

    group.subsidiaries.remove(workspace)
    changes = {"subsidiary_removed": str(workspace.pk), "subsidiary": workspace.legal_name}
    _record(group, actor=actor, workspace_id=group.parent_id, action="update", changes=changes)
    _record(group, actor=actor, workspace_id=workspace.pk, action="update", changes=changes)
