"""Courses, sessions, attendances, reminders, suppliers, reviews and assessments in the given workspace."""

from datetime import date

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.services import suppliers as supplier_services
from isms.services.training import training_open_reminders
from tests import builders_training, factories


def seed_foreign(workspace, marker: str) -> None:
    officer = factories.make_user(f"training-{workspace.slug}@example.com", last_name=marker)
    factories.add_member(workspace, officer, Role.OFFICER)
    course = builders_training.course(workspace, officer, title=f"{marker} course", first_due_on=date(2020, 1, 1))
    builders_training.session(course, officer, [officer], held_on=date(2020, 1, 1))
    training_open_reminders(actor=officer, workspace=workspace)
    supplier = builders_training.supplier(workspace, officer, name=f"{marker} supplier",
                                          next_review_on=date(2030, 1, 1))
    with workspace_context(workspace), acting_as(officer):
        supplier_services.supplier_review_record(actor=officer, supplier=supplier, reviewed_on=date(2020, 1, 1),
                                                 risk_rating="low", notes=marker, today=date(2026, 1, 1))
    builders_training.sent_assessment(supplier, officer)
