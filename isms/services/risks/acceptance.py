"""Management's acceptance of residual risks, and voiding it when what was accepted changes.

What management accepts is a statement built from the risk's text and its
residual rating. Its SHA-256 goes into the ``accept`` audit event, so an
auditor can check later that the risk still reads as it did when accepted.
"""

from __future__ import annotations

import json
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.documents import sha256_hex
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from isms.models import Risk, RiskAcceptance, RiskMethodology
from officers.reauth import check_reauthentication

logger = logging.getLogger(__name__)

# The fields whose change voids an acceptance: the residual rating and the text that describes the risk.
ACCEPTED_FIELDS = ["title", "threat", "vulnerability", "treatment_option", "treatment_description",
                   "residual_likelihood", "residual_impact"]


def acceptance_statement(risk: Risk, methodology: RiskMethodology) -> str:
    """Return the canonical statement management accepts: the accepted fields and the band, as sorted JSON."""
    values = {name: getattr(risk, name) for name in ACCEPTED_FIELDS}
    values["band"] = methodology.band_for(risk.residual_score)
    return json.dumps(values, sort_keys=True, ensure_ascii=False)


def acceptance_sha256(risk: Risk, methodology: RiskMethodology) -> str:
    return sha256_hex(acceptance_statement(risk, methodology).encode("utf-8"))


def risk_accept(*, actor, risk: Risk, methodology: RiskMethodology, confirmed_sha256: str, password: str,
                otp_code: str = "") -> RiskAcceptance:
    """Record that management accepts the residual risk exactly as the signer saw it.

    The signer confirms with the password and, where set up, a fresh second-factor
    code, as for appointment certificates.
    """
    if not Membership.objects.filter(user=actor, role=Role.MANAGEMENT).exists():
        raise field_error("signer", _("Only management can accept residual risks."), "signer_not_management")
    if risk.residual_score is None:
        raise field_error("residual_likelihood", _("Rate the residual risk before management accepts it."),
                          "residual_missing")
    if risk.current_acceptance_id is not None:
        raise field_error("risk", _("Management has already accepted this residual risk."), "already_accepted")
    if confirmed_sha256 != acceptance_sha256(risk, methodology):
        raise field_error("confirmed_sha256", _("The risk changed after you opened it; reload and accept again."),
                          "hash_mismatch")
    check_reauthentication(actor, password=password, otp_code=otp_code)

    with transaction.atomic():
        locked = Risk.objects.select_for_update().get(pk=risk.pk)
        if locked.current_acceptance_id is not None:
            raise field_error("risk", _("Management has already accepted this residual risk."), "already_accepted")
        statement = acceptance_statement(locked, methodology)
        digest = sha256_hex(statement.encode("utf-8"))
        if digest != confirmed_sha256:
            raise field_error("confirmed_sha256", _("The risk changed after you opened it; reload and accept again."),
                              "hash_mismatch")
        band = methodology.band_for(locked.residual_score)
        acceptance = RiskAcceptance.objects.create(
            workspace_id=locked.workspace_id, risk=locked, accepted_by=actor, accepted_at=timezone.now(),
            residual_likelihood=locked.residual_likelihood, residual_impact=locked.residual_impact, band=band,
            statement=statement, text_sha256=digest,
        )
        locked.current_acceptance = acceptance
        locked.save(update_fields=["current_acceptance", "updated_at"])
        append_event(
            workspace_id=locked.workspace_id, action="accept", object_type="isms.risk", object_id=str(locked.pk),
            object_repr=str(locked), actor=actor,
            changes={"acceptance_id": str(acceptance.pk), "residual_likelihood": locked.residual_likelihood,
                     "residual_impact": locked.residual_impact, "score": locked.residual_score, "band": band,
                     "text_sha256": digest},
        )
    logger.info("risk %s accepted by user %s", risk.pk, actor.pk)
    return acceptance


def void_stale_acceptance(risk: Risk, methodology: RiskMethodology, *, now) -> bool:
    """Void the risk's current acceptance when the accepted statement no longer matches; return whether it did.

    Call it inside a transaction. Both rows are saved, so the audit log
    shows the acceptance voided and the risk without it.
    """
    acceptance = risk.current_acceptance
    if acceptance is None or acceptance.text_sha256 == acceptance_sha256(risk, methodology):
        return False
    acceptance.voided_at = now
    acceptance.void_reason = "risk changed after acceptance"
    acceptance.save(update_fields=["voided_at", "void_reason", "updated_at"])
    risk.current_acceptance = None
    risk.save(update_fields=["current_acceptance", "updated_at"])
    return True
