"""Mandate rows that accept evidence files: the mandate (its DPA) and the answers to onboarding queries."""

from django.urls import reverse

from isms.evidence_registry import register_attachable


def _query_url(query, workspace) -> str:
    return reverse("mandates:query_detail", args=[workspace.slug, query.pk])


def _is_addressee(query, user) -> bool:
    return query.addressee_id == user.pk


def _mandate_url(mandate, workspace) -> str:
    return reverse("mandates:detail", args=[workspace.slug, mandate.pk])


def register_mandate_attachables() -> None:
    from mandates.models import Mandate, OnboardingQuery

    # The signed data processing agreement (Art. 28 GDPR) is filed on the mandate itself.
    register_attachable(Mandate, "edit", _mandate_url)
    # The addressee backs the answer with files even when their role only reads the workspace.
    register_attachable(OnboardingQuery, "edit", _query_url, also_allowed=_is_addressee)
