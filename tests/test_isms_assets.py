"""Assets: owners, protection needs and dependencies, written through the services and the pages."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Asset, AssetDependency, ProtectionNeed
from isms.services.assets import asset_update
from tests import factories
from tests.builders_risks import make_asset
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _codes(error: ValidationError, field: str) -> list[str]:
    return [item.code for item in error.error_dict[field]]


def test_asset_needs_owner_or_role(workspace):
    with pytest.raises(ValidationError) as raised:
        make_asset(workspace, owner_role="  ")
    assert _codes(raised.value, "owner") == ["owner_missing"]


def test_asset_owner_must_be_member(workspace, other_workspace):
    stranger = factories.make_user("stranger@rival.example")
    factories.add_member(other_workspace, stranger, Role.OFFICER)
    with pytest.raises(ValidationError) as raised:
        make_asset(workspace, owner=stranger, owner_role="")
    assert _codes(raised.value, "owner") == ["owner_not_member"]


def test_asset_keeps_member_owner_and_protection_need(personas, workspace):
    officer = personas[Role.OFFICER]
    asset = make_asset(workspace, owner=officer, owner_role="", confidentiality=ProtectionNeed.VERY_HIGH)
    with workspace_context(workspace):
        stored = Asset.objects.get(pk=asset.pk)
    assert stored.owner_id == officer.pk
    assert stored.confidentiality == ProtectionNeed.VERY_HIGH
    assert stored.availability == ProtectionNeed.NORMAL


def test_self_dependency_is_rejected(workspace):
    asset = make_asset(workspace)
    with workspace_context(workspace), pytest.raises(ValidationError) as raised:
        asset_update(actor=None, asset=asset, values={}, dependencies=[asset])
    assert _codes(raised.value, "dependencies") == ["self_dependency"]
    with workspace_context(workspace):
        assert not AssetDependency.objects.exists()


def test_database_rejects_self_dependency(workspace):
    asset = make_asset(workspace)
    with workspace_context(workspace), pytest.raises(IntegrityError), transaction.atomic():
        AssetDependency.objects.create(workspace=workspace, asset=asset, depends_on=asset)


def test_dependencies_are_replaced_and_audited(workspace):
    network = make_asset(workspace, name="Network")
    datacentre = make_asset(workspace, name="Data centre", kind=Asset.Kind.LOCATION)
    erp = make_asset(workspace, name="ERP", dependencies=[network])
    with workspace_context(workspace):
        asset_update(actor=None, asset=erp, values={"description": "SAP"}, dependencies=[datacentre])
        depends_on = list(erp.dependencies.values_list("name", flat=True))
        events = list(AuditEvent.objects.filter(object_type="isms.assetdependency").values_list("action", flat=True))
    assert depends_on == ["Data centre"]
    assert events == ["create", "delete", "create"]


def test_dependency_on_foreign_asset_is_rejected(workspace, other_workspace):
    mine = make_asset(workspace)
    theirs = make_asset(other_workspace, name="Rival server")
    with workspace_context(workspace), pytest.raises(ValidationError) as raised:
        asset_update(actor=None, asset=mine, values={}, dependencies=[theirs])
    assert _codes(raised.value, "dependencies") == ["foreign_asset"]


def test_asset_field_not_editable(workspace):
    asset = make_asset(workspace)
    with workspace_context(workspace), pytest.raises(ValidationError) as raised:
        asset_update(actor=None, asset=asset, values={"workspace": None})
    assert _codes(raised.value, "workspace") == ["field_not_editable"]
