"""Report sections for trainings, suppliers and mandate hours, in the PDF and in the management review."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from pypdf import PdfReader

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import TrainingCourse
from mandates.models import Mandate, TimeEntry
from reporting.quarters import Quarter
from reporting.services.reviews import review_create
from tests import builders_reporting, builders_training
from tests.builders_reporting import utc

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

AFTER_Q1 = utc(2026, 4, 1, 6)
# Minutes per day worked on the mandate in Q1 2026: 2, 3 and 5 hours, and one day in April outside the quarter.
TIME_ENTRIES = [(date(2026, 1, 12), 90), (date(2026, 1, 20), 30), (date(2026, 2, 3), 180),
                (date(2026, 3, 30), 300), (date(2026, 4, 1), 240)]


def _flat_text(report) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _trainings(workspace, personas):
    officer = personas[Role.OFFICER]
    management_course = builders_training.course(
        workspace, officer, title="Cyber risk for management", first_due_on=date(2026, 2, 1),
        management_training=True, audience=TrainingCourse.Audience.ROLES, roles=[Role.MANAGEMENT])
    awareness = builders_training.course(workspace, officer, title="Phishing awareness",
                                         first_due_on=date(2026, 9, 1))
    builders_training.session(awareness, officer, [officer, personas[Role.AUDITOR]], held_on=date(2026, 2, 10))
    return management_course


def _suppliers(workspace, personas):
    officer = personas[Role.OFFICER]
    builders_training.supplier(workspace, officer, name="Cloud Hosting GmbH", criticality="critical",
                               processes_personal_data=True)
    builders_training.supplier(workspace, officer, name="Office Cleaning KG", criticality="low")


def _mandate_hours(workspace, personas):
    with workspace_context(workspace), acting_as(system="tests"):
        mandate = Mandate.objects.get()
        mandate.hours_per_month = Decimal("10")
        mandate.save()
        for worked_on, minutes in TIME_ENTRIES:
            TimeEntry.objects.create(workspace=workspace, mandate=mandate, worked_on=worked_on, minutes=minutes,
                                     description="ISMS work", user=personas[Role.PARTNER_STAFF])


@pytest.fixture
def q1_report(workspace, personas):
    workspace.default_language = "en"
    workspace.save()
    with time_machine.travel(utc(2026, 2, 15, 10), tick=False):
        _trainings(workspace, personas)
        _suppliers(workspace, personas)
    _mandate_hours(workspace, personas)
    with time_machine.travel(AFTER_Q1, tick=False):
        return builders_reporting.rendered_report(workspace, Quarter(2026, 1))


def test_training_figures_in_pdf(q1_report):
    trainings = q1_report.figures["trainings"]
    text = _flat_text(q1_report)
    assert trainings["as_of"] == "2026-03-31"
    assert trainings["completed_in_period"] == 2
    assert trainings["management_overdue"] == 1
    assert "2 attendances recorded in this quarter" in text
    assert "Management training (§38(3) BSIG)" in text
    assert "Cyber risk for management: next due" in text


def test_management_member_listed_overdue(q1_report, personas):
    member = q1_report.figures["trainings"]["management"][0]
    assert member["name"] == personas[Role.MANAGEMENT].get_full_name()
    assert member["status"] == "overdue"
    assert [course["title"] for course in member["courses"]] == ["Cyber risk for management"]
    assert member["courses"][0]["last_completed_on"] is None


def test_supplier_figures_in_pdf(q1_report):
    suppliers = q1_report.figures["suppliers"]
    text = _flat_text(q1_report)
    assert suppliers["total"] == 2
    assert suppliers["dpa_missing"] == 1
    assert suppliers["critical_without_assessment"] == 1
    assert "2 suppliers in the register." in text
    assert "data processing agreements missing: 1" in text


def test_mandate_hours_in_pdf(q1_report):
    mandate = q1_report.figures["mandate_hours"]["mandates"][0]
    text = _flat_text(q1_report)
    assert [month["hours"] for month in mandate["months"]] == [2.0, 3.0, 5.0]
    assert mandate["used_hours"] == 10.0
    assert mandate["contracted_hours"] == 30.0
    assert mandate["used_share"] == 33
    assert "10 of 30 contracted hours used (33 %)." in text
    assert "Helpers Beratung GmbH" in text


def test_mandate_starting_mid_quarter_contracts_from_its_month(workspace, personas):
    with workspace_context(workspace), acting_as(system="tests"):
        mandate = Mandate.objects.get()
        mandate.starts_on, mandate.hours_per_month = date(2026, 2, 15), Decimal("8")
        mandate.save()
    with time_machine.travel(AFTER_Q1, tick=False):
        report = builders_reporting.rendered_report(workspace, Quarter(2026, 1))
    assert report.figures["mandate_hours"]["mandates"][0]["contracted_hours"] == 16.0


def test_no_mandate_means_empty_hours(workspace):
    workspace.default_language = "en"
    workspace.save()
    with time_machine.travel(AFTER_Q1, tick=False):
        report = builders_reporting.rendered_report(workspace, Quarter(2026, 1))
    assert report.figures["mandate_hours"] == {"mandates": []}
    assert "No mandate with a partner ran in this quarter." in _flat_text(report)


def test_missing_courses_and_suppliers_reported(workspace):
    with time_machine.travel(AFTER_Q1, tick=False):
        report = builders_reporting.rendered_report(workspace, Quarter(2026, 1))
    assert any("management training" in item for item in report.missing)
    assert any("No suppliers are registered" in item for item in report.missing)


def test_running_quarter_counts_as_of_today(workspace, personas):
    officer = personas[Role.OFFICER]
    with time_machine.travel(utc(2026, 2, 15, 10), tick=False):
        builders_training.course(workspace, officer, title="Cyber risk for management",
                                 first_due_on=date(2026, 3, 20), management_training=True,
                                 audience=TrainingCourse.Audience.ROLES, roles=[Role.MANAGEMENT])
        report = builders_reporting.rendered_report(workspace, Quarter(2026, 1))
    trainings = report.figures["trainings"]
    assert trainings["as_of"] == "2026-02-15"
    assert trainings["overdue"] == 0
    assert trainings["management"][0]["status"] == "due"


def test_review_inputs_use_trainings_and_suppliers(workspace, personas):
    with time_machine.travel(utc(2026, 2, 15, 10), tick=False):
        _trainings(workspace, personas)
        _suppliers(workspace, personas)
    with time_machine.travel(AFTER_Q1, tick=False), workspace_context(workspace):
        review = review_create(actor=personas[Role.OFFICER], workspace=workspace, values={
            "title": "Management review 2026", "held_on": date(2026, 3, 31), "participants": "CEO, CISO"})
    performance = review.inputs["d_performance"]
    improvement = review.inputs["g_improvement"]
    assert performance["trainings"]["management_overdue"] == 1
    assert performance["suppliers"]["total"] == 2
    assert improvement["management_training_overdue"] == 1
    assert improvement["dpa_missing"] == 1
    assert improvement["critical_suppliers_unassessed"] == 1


def test_audit_figures_in_pdf(workspace, personas):
    from tests import builders_audits

    officer = personas[Role.OFFICER]
    workspace.default_language = "en"
    workspace.save()
    with time_machine.travel(utc(2026, 2, 15, 10), tick=False):
        audit = builders_audits.make_audit(workspace, actor=officer, title="Access management audit",
                                           starts_on=date(2026, 2, 16))
        builders_audits.make_finding(audit, actor=officer)
        builders_audits.make_nonconformity(workspace, actor=officer, title="Backups not tested")
    with time_machine.travel(AFTER_Q1, tick=False):
        report = builders_reporting.rendered_report(workspace, Quarter(2026, 1))
    audits = report.figures["audits"]
    assert audits["planned"] == 1
    assert audits["findings"]["minor"] == 1
    assert audits["corrective_open"] == 1
    assert [item["title"] for item in audits["open_items"]] == ["Backups not tested"]
    text = _flat_text(report)
    assert "completed, 1 planned; nonconformities found: 1" in text
    assert "Backups not tested" in text
