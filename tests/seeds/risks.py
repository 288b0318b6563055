"""A methodology, a risk with an asset link and an acceptance in a foreign workspace for the isolation matrix."""

from django.utils import timezone

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from isms.models import Asset, Band, Risk, RiskAcceptance, RiskAsset
from isms.services.risks import methodology_for
from tests import factories


def seed_foreign(workspace, marker: str) -> None:
    signer = factories.make_user(f"risk-signer-{workspace.slug}@rival.example")
    with workspace_context(workspace), acting_as(system="tests"):
        methodology_for(workspace)
        asset = Asset.objects.create(workspace=workspace, name=f"{marker} asset", kind=Asset.Kind.SERVICE,
                                     owner_role=marker)
        risk = Risk.objects.create(workspace=workspace, title=marker, threat=marker, vulnerability=marker,
                                   inherent_likelihood=2, inherent_impact=2, residual_likelihood=1,
                                   residual_impact=1, treatment_option=Risk.Treatment.RETAIN,
                                   treatment_description=marker, status=Risk.Status.PLANNED,
                                   treatment_due_on=timezone.localdate())
        RiskAsset.objects.create(workspace=workspace, risk=risk, asset=asset)
        acceptance = RiskAcceptance.objects.create(
            workspace=workspace, risk=risk, accepted_by=signer, accepted_at=timezone.now(), residual_likelihood=1,
            residual_impact=1, band=Band.LOW, statement=marker, text_sha256="0" * 64)
        risk.current_acceptance = acceptance
        risk.save()
