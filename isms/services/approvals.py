"""Items waiting for management in the ISMS: drafts to approve and residual risks to accept."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from isms.models import PolicyVersion, Risk, ScopeVersion, SoAEntry, SoAVersion
from isms.services.risks import methodology_for
from isms.services.risks.queries import above_acceptance, with_scores


@dataclass(frozen=True)
class PendingApproval:
    label: str
    url: str


def pending_for_management(workspace) -> list[PendingApproval]:
    """List the ISMS items that only management can move on, each with the page where it acts."""
    slug = workspace.slug
    pending = []
    draft = ScopeVersion.objects.filter(status=ScopeVersion.Status.DRAFT).first()
    if draft is not None:
        pending.append(PendingApproval(_("Scope statement version %(number)s to approve") % {"number": draft.number},
                                       reverse("isms:context_scope", args=[slug])))
    for version in PolicyVersion.objects.filter(status=PolicyVersion.Status.DRAFT).select_related("policy"):
        pending.append(PendingApproval(_("Policy “%(title)s” version %(number)s to approve")
                                       % {"title": version.policy.title, "number": version.number},
                                       reverse("isms:policy_version", args=[slug, version.pk])))
    # Only rated residual risks: management accepts what is left after treatment.
    awaiting = (with_scores(Risk.objects.all()).filter(above_acceptance(methodology_for(workspace)),
                                                       current_acceptance__isnull=True)
                .exclude(residual_likelihood__isnull=True).order_by("title"))
    for risk in awaiting[:20]:
        pending.append(PendingApproval(_("Residual risk “%(title)s” to accept") % {"title": risk.title},
                                       reverse("isms:risk_detail", args=[slug, risk.pk])))
    if _soa_changed_since_approval():
        pending.append(PendingApproval(_("Statement of Applicability changed since its last approval"),
                                       reverse("isms:soa_approve", args=[slug])))
    return pending


def _soa_changed_since_approval() -> bool:
    """Whether any entry changed after the newest approved version (or entries exist but none is approved)."""
    latest = SoAVersion.objects.order_by("-number").first()
    entries = SoAEntry.objects.exclude(applicability=SoAEntry.Applicability.UNDECIDED)
    if latest is None:
        return entries.exists()
    return entries.filter(updated_at__gt=latest.approved_at).exists()
