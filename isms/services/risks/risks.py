"""Writes on risks: create and change them, with their asset links, ratings and treatment."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership, Workspace
from isms.models import Band, Risk, RiskAsset, RiskMethodology
from isms.services.risks.acceptance import void_stale_acceptance

RISK_FIELDS = ["title", "threat", "vulnerability", "owner", "inherent_likelihood", "inherent_impact",
               "residual_likelihood", "residual_impact", "treatment_option", "treatment_description",
               "treatment_owner", "treatment_due_on", "status"]
# Statuses that declare the work on a risk finished; a residual risk above the
# acceptance criteria cannot reach them without management's acceptance.
FINISHED_STATUSES = {Risk.Status.TREATED, Risk.Status.CLOSED}


def check_ratings(risk: Risk, methodology: RiskMethodology) -> None:
    """Reject any rating outside the methodology's scales, naming the field and the allowed range."""
    scales = {"inherent_likelihood": methodology.likelihood_count, "inherent_impact": methodology.impact_count,
              "residual_likelihood": methodology.likelihood_count, "residual_impact": methodology.impact_count}
    for field, count in scales.items():
        value = getattr(risk, field)
        if value is None and field.startswith("inherent"):
            raise field_error(field, _("Rate the inherent risk on both scales."), "rating_missing")
        if value is not None and not 1 <= value <= count:
            raise field_error(field, _("%(value)s is outside the scale; enter a level from 1 to %(count)d.")
                              % {"value": value, "count": count}, "rating_outside_scale")
    if (risk.residual_likelihood is None) != (risk.residual_impact is None):
        missing = "residual_impact" if risk.residual_impact is None else "residual_likelihood"
        raise field_error(missing, _("Rate the residual risk on both scales, or leave both empty."),
                          "residual_incomplete")
    if risk.residual_score is not None and risk.residual_score > risk.inherent_score:
        raise field_error("residual_likelihood", _(
            "The residual risk (score %(residual)d) is higher than the inherent risk (score %(inherent)d); "
            "treatment does not raise a risk, so rate the residual risk at most as high or raise the inherent "
            "rating.") % {"residual": risk.residual_score, "inherent": risk.inherent_score}, "residual_above_inherent")


def _check_members(risk: Risk) -> None:
    for field in ("owner", "treatment_owner"):
        user_id = getattr(risk, f"{field}_id")
        if user_id is not None and not Membership.objects.filter(user_id=user_id).exists():
            raise field_error(field, _("Choose a member of this workspace."), "not_member")


def _check_treatment(risk: Risk, *, previous_due_on, today) -> None:
    """A new or moved due date must not lie in the past; an unchanged overdue date stays as it is."""
    due_on = risk.treatment_due_on
    if due_on is not None and due_on != previous_due_on and due_on < today:
        raise field_error("treatment_due_on", _("The due date %(date)s is in the past; choose today or a later day.")
                          % {"date": due_on.isoformat()}, "due_in_past")
    needs_description = risk.treatment_option in {Risk.Treatment.MODIFY, Risk.Treatment.AVOID, Risk.Treatment.SHARE}
    if needs_description and not risk.treatment_description.strip():
        raise field_error("treatment_description", _("Describe how the risk is modified, avoided or shared."),
                          "treatment_description_missing")
    if risk.status in {Risk.Status.PLANNED, Risk.Status.IN_PROGRESS} and not risk.treatment_option:
        raise field_error("treatment_option", _("Choose a treatment option before planning the treatment."),
                          "treatment_option_missing")


def _check_status(risk: Risk, methodology: RiskMethodology) -> None:
    if risk.status not in FINISHED_STATUSES:
        return
    # An unrated residual risk counts as the inherent one: nothing has reduced it yet.
    score = risk.residual_score if risk.residual_score is not None else risk.inherent_score
    band = methodology.band_for(score)
    if methodology.exceeds_acceptance(band) and risk.current_acceptance_id is None:
        message = _("The residual risk is %(band)s, above the acceptance criteria; it stays open until management "
                    "accepts it.") % {"band": Band(band).label}
        raise field_error("status", message, "acceptance_required")


def _set_assets(risk: Risk, assets) -> None:
    wanted = {asset.pk: asset for asset in assets}
    if any(asset.workspace_id != risk.workspace_id for asset in wanted.values()):
        raise field_error("assets", _("Link only assets of this workspace."), "foreign_asset")
    existing = {link.asset_id: link for link in RiskAsset.objects.filter(risk=risk)}
    for asset_id, link in existing.items():
        if asset_id not in wanted:
            link.delete()
    for asset_id, asset in wanted.items():
        if asset_id not in existing:
            RiskAsset.objects.create(workspace_id=risk.workspace_id, risk=risk, asset=asset)


def risk_build(*, workspace: Workspace, methodology: RiskMethodology, **fields) -> Risk:
    """Build an unsaved risk and run the checks of ``risk_create`` on it; raise ValidationError if one fails."""
    risk = Risk(workspace=workspace, **fields)
    check_ratings(risk, methodology)
    _check_members(risk)
    _check_treatment(risk, previous_due_on=None, today=timezone.localdate())
    _check_status(risk, methodology)
    risk.full_clean(exclude=["workspace", "current_acceptance"])
    return risk


def risk_create(*, actor, workspace: Workspace, methodology: RiskMethodology, assets=(), **fields) -> Risk:
    risk = risk_build(workspace=workspace, methodology=methodology, **fields)
    with transaction.atomic():
        risk.save()
        _set_assets(risk, assets)
    return risk


def risk_update(*, actor, risk: Risk, methodology: RiskMethodology, values: dict, assets=None) -> Risk:
    """Change the given fields; a change of what management accepted voids that acceptance first.

    ``assets`` (when not None) replaces the risk's asset links.
    """
    previous_due_on = risk.treatment_due_on
    for name, value in values.items():
        if name not in RISK_FIELDS:
            raise field_error(name, _("This field cannot be changed here."), "field_not_editable")
        setattr(risk, name, value)
    check_ratings(risk, methodology)
    _check_members(risk)
    _check_treatment(risk, previous_due_on=previous_due_on, today=timezone.localdate())
    risk.full_clean(exclude=["workspace", "current_acceptance"])

    with transaction.atomic():
        if risk.current_acceptance_id is not None:
            void_stale_acceptance(risk, methodology, now=timezone.now())
        # Checked after voiding: a changed residual risk above the criteria is open again.
        _check_status(risk, methodology)
        risk.save()
        if assets is not None:
            _set_assets(risk, assets)
    return risk
