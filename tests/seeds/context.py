"""Rows of every ISMS context model in a foreign workspace, for the isolation matrix."""

from civac.audit.context import acting_as
from civac.tenancy.choices import Nis2Category
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Nis2Facts, RegistrationItem
from tests import builders_context, factories


def seed_foreign(workspace, marker: str) -> None:
    officer = factories.make_user(f"context-officer@{workspace.slug}.example")
    factories.add_member(workspace, officer, Role.OFFICER)
    builders_context.context_issue(workspace, officer, title=marker)
    builders_context.interested_party(workspace, officer, name=marker, requirements=1)
    builders_context.scope_draft(workspace, officer, scope_text=marker)
    with workspace_context(workspace), acting_as(officer):
        Nis2Facts.objects.create(workspace=workspace, entity_type="manufacturing_machinery",
                                 negligible_activities_note=marker, adopted_category=Nis2Category.IMPORTANT)
        RegistrationItem.objects.create(workspace=workspace, key=RegistrationItem.Key.NAME, value=marker)
