"""Mandate rows that accept evidence files: the answers to onboarding queries."""

from django.urls import reverse

from isms.evidence_registry import register_attachable


def _query_url(query, workspace) -> str:
    return reverse("mandates:query_detail", args=[workspace.slug, query.pk])


def _is_addressee(query, user) -> bool:
    return query.addressee_id == user.pk


def register_mandate_attachables() -> None:
    from mandates.models import OnboardingQuery

    # The addressee backs the answer with files even when their role only reads the workspace.
    register_attachable(OnboardingQuery, "edit", _query_url, also_allowed=_is_addressee)
