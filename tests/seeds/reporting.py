"""A released report with an acknowledgement request and a management review in a foreign workspace."""

from datetime import date

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from reporting.models import ManagementReview
from tests import builders_reporting, factories


def seed_foreign(workspace, marker: str) -> None:
    officer = factories.make_user(f"report-officer@{workspace.slug}.example")
    factories.add_member(workspace, officer, Role.OFFICER)
    boss = factories.make_user(f"report-boss@{workspace.slug}.example", last_name=marker)
    factories.add_member(workspace, boss, Role.MANAGEMENT)
    builders_reporting.released_report(workspace, officer=officer, recipients=[boss])
    with workspace_context(workspace), acting_as(officer):
        ManagementReview.objects.create(workspace=workspace, title=marker, held_on=date(2026, 3, 1), decisions=marker)
