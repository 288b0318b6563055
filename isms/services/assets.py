"""Writes on assets and their dependencies; each row save is audited by TenantModel."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership, Workspace
from isms.models import Asset, AssetDependency

ASSET_FIELDS = ["name", "kind", "description", "owner", "owner_role", "confidentiality", "integrity",
                "availability"]


def _check_owner(asset: Asset) -> None:
    if asset.owner_id is None and not asset.owner_role.strip():
        raise field_error("owner", _("Name an owner: choose a member or enter the owning role."), "owner_missing")
    if asset.owner_id is not None and not Membership.objects.filter(user_id=asset.owner_id).exists():
        raise field_error("owner", _("The owner must be a member of this workspace."), "owner_not_member")


def asset_build(*, workspace: Workspace, **fields) -> Asset:
    """Build an unsaved asset and run the checks of ``asset_create`` on it; raise ValidationError if one fails."""
    asset = Asset(workspace=workspace, **fields)
    _check_owner(asset)
    asset.full_clean(exclude=["workspace"])
    return asset


def asset_create(*, actor, workspace: Workspace, dependencies=(), **fields) -> Asset:
    """Create an asset and its dependencies in one transaction."""
    asset = asset_build(workspace=workspace, **fields)
    with transaction.atomic():
        asset.save()
        _set_dependencies(asset, dependencies)
    return asset


def asset_update(*, actor, asset: Asset, values: dict, dependencies=None) -> Asset:
    """Change the given fields; ``dependencies`` (when not None) replaces the asset's dependency list."""
    for name, value in values.items():
        if name not in ASSET_FIELDS:
            raise field_error(name, _("This field cannot be changed here."), "field_not_editable")
        setattr(asset, name, value)
    _check_owner(asset)
    asset.full_clean(exclude=["workspace"])
    with transaction.atomic():
        asset.save()
        if dependencies is not None:
            _set_dependencies(asset, dependencies)
    return asset


def _set_dependencies(asset: Asset, dependencies) -> None:
    wanted = {dependency.pk: dependency for dependency in dependencies}
    if asset.pk in wanted:
        raise field_error("dependencies", _("An asset cannot depend on itself; remove “%(asset)s” from its "
                                            "dependencies.") % {"asset": asset.name}, "self_dependency")
    foreign = [dependency for dependency in wanted.values() if dependency.workspace_id != asset.workspace_id]
    if foreign:
        raise field_error("dependencies", _("Dependencies must be assets of this workspace."), "foreign_asset")

    existing = {link.depends_on_id: link for link in AssetDependency.objects.filter(asset=asset)}
    for depends_on_id, link in existing.items():
        if depends_on_id not in wanted:
            link.delete()
    for depends_on_id, dependency in wanted.items():
        if depends_on_id not in existing:
            AssetDependency.objects.create(workspace_id=asset.workspace_id, asset=asset, depends_on=dependency)
