"""Mandates for the isolation matrix: an active mandate with onboarding, a query, a time entry and a handover archive."""

from datetime import date

from django.core.files.base import ContentFile

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.models import Partner
from mandates.models import Mandate, OnboardingQuery, TimeEntry
from mandates.services.onboarding import onboarding_start
from tests import factories


def seed_foreign(workspace, marker: str) -> None:
    partner = Partner.objects.create(slug="foreign-partner", name=marker, oncall_email="oncall@foreign.example")
    user = factories.make_user("foreign-staff@foreign.example")
    with workspace_context(workspace), acting_as(system="tests"):
        mandate = Mandate.objects.create(workspace=workspace, partner=partner, status=Mandate.Status.ACTIVE,
                                         starts_on=date(2026, 1, 1), roles="isb_ciso", scope=marker,
                                         hours_per_month=8)
        mandate.handover_archive.save("foreign.zip", ContentFile(marker.encode()), save=True)
        onboarding_start(actor=None, mandate=mandate)
        TimeEntry.objects.create(workspace=workspace, mandate=mandate, worked_on=date(2026, 1, 2), minutes=30,
                                 description=marker, user=user)
        OnboardingQuery.objects.create(workspace=workspace, mandate=mandate, question=marker, addressee=user,
                                       due_on=date(2026, 2, 1), answer=marker)
