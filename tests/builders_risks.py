"""Assets and risks for tests, written through the services the views use."""

from __future__ import annotations

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.models import Membership
from isms.models import Asset, Risk
from isms.services.assets import asset_create
from isms.services.risks import methodology_for, risk_create


def _any_member(workspace):
    with workspace_context(workspace):
        membership = Membership.objects.select_related("user").first()
    return membership.user if membership is not None else None


def make_asset(workspace, *, actor=None, name="ERP-System", kind=Asset.Kind.SYSTEM, owner_role="Head of IT",
               dependencies=(), **fields) -> Asset:
    with workspace_context(workspace), acting_as(actor, system="tests"):
        return asset_create(actor=actor, workspace=workspace, name=name, kind=kind, owner_role=owner_role,
                            dependencies=dependencies, **fields)


def make_risk(workspace, *, actor=None, title="Ransomware encrypts the file server", assets=(),
              inherent=(3, 4), residual=None, **fields) -> Risk:
    """A risk rated on the default 4 x 4 methodology; ``residual`` is (likelihood, impact) or None."""
    with workspace_context(workspace), acting_as(actor, system="tests"):
        methodology = methodology_for(workspace)
        values = {"threat": "Malware spreads through phishing mails",
                  "vulnerability": "Users may run macros from mail attachments", **fields}
        if residual is not None:
            values["residual_likelihood"], values["residual_impact"] = residual
        return risk_create(actor=actor, workspace=workspace, methodology=methodology, title=title, assets=assets,
                           inherent_likelihood=inherent[0], inherent_impact=inherent[1], **values)
