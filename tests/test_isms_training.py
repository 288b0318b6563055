"""Training programme: per-person status, reminders, certificates, the report summary and the pages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test.utils import CaptureQueriesContext
from django.db import connection

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Task, TrainingAttendance, TrainingCourse
from isms.services.training import course_statuses, training_open_reminders, training_summary
from isms.services.training.status import Status, next_due_on
from tests import builders_training as build
from tests import factories
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def officer(personas):
    return personas[Role.OFFICER]


def _status(workspace, course, person, today):
    with workspace_context(workspace):
        rows = course_statuses(today=today)[course.pk]
    return next(row for row in rows if row.person.pk == person.pk)


def test_next_due_ends_on_last_day_of_short_month(workspace, officer):
    course = build.course(workspace, officer, interval_months=1)
    assert next_due_on(course, date(2026, 1, 31)) == date(2026, 2, 28)


def test_status_never_attended_is_due(workspace, officer):
    course = build.course(workspace, officer, first_due_on=date(2026, 7, 1))
    assert _status(workspace, course, officer, date(2026, 6, 15)).status == Status.DUE


def test_status_never_attended_after_first_due_is_overdue(workspace, officer):
    course = build.course(workspace, officer, first_due_on=date(2026, 6, 1))
    assert _status(workspace, course, officer, date(2026, 6, 15)).status == Status.OVERDUE


def test_status_after_attendance_is_completed(workspace, officer):
    course = build.course(workspace, officer, interval_months=12)
    build.session(course, officer, [officer], held_on=date(2026, 6, 1))
    row = _status(workspace, course, officer, date(2026, 6, 15))
    assert row.status == Status.COMPLETED
    assert row.due_on == date(2027, 6, 1)


def test_status_turns_due_within_thirty_days(workspace, officer):
    course = build.course(workspace, officer, interval_months=12)
    build.session(course, officer, [officer], held_on=date(2025, 7, 1))
    assert _status(workspace, course, officer, date(2026, 6, 15)).status == Status.DUE
    assert _status(workspace, course, officer, date(2026, 7, 2)).status == Status.OVERDUE


def test_audience_by_role_excludes_other_roles(workspace, personas, officer):
    course = build.course(workspace, officer, audience=TrainingCourse.Audience.ROLES, roles=[Role.MANAGEMENT])
    with workspace_context(workspace):
        people = [row.person for row in course_statuses(today=date(2026, 6, 15))[course.pk]]
    assert people == [personas[Role.MANAGEMENT]]


def test_course_rejects_interval_out_of_range(workspace, officer):
    with pytest.raises(ValidationError) as error:
        build.course(workspace, officer, interval_months=0)
    assert "interval_months" in error.value.error_dict


def test_session_rejects_non_member(workspace, officer):
    course = build.course(workspace, officer)
    stranger = factories.make_user("stranger@example.com")
    with pytest.raises(ValidationError) as error:
        build.session(course, officer, [stranger], held_on=date(2026, 6, 1))
    assert "attendees" in error.value.error_dict


def test_reminders_open_one_task_per_due_person(workspace, personas, officer):
    build.course(workspace, officer, first_due_on=date(2026, 7, 1))
    first = training_open_reminders(actor=officer, workspace=workspace, now=build.NOW)
    second = training_open_reminders(actor=officer, workspace=workspace, now=build.NOW)
    assert first == len(factories.ROLES)
    assert second == 0
    with workspace_context(workspace):
        owners = set(Task.objects.values_list("owner_id", flat=True))
    assert owners == {user.pk for role, user in personas.items() if role in factories.ROLES}


def test_reminders_skip_completed_people(workspace, officer):
    course = build.course(workspace, officer, audience=TrainingCourse.Audience.PEOPLE, people=[officer])
    build.session(course, officer, [officer], held_on=date(2026, 6, 1))
    assert training_open_reminders(actor=officer, workspace=workspace, now=build.NOW) == 0


def test_certificate_is_pdf_and_audited_with_hash(workspace, officer):
    course = build.course(workspace, officer)
    build.session(course, officer, [officer], held_on=date(2026, 6, 1))
    with workspace_context(workspace):
        attendance = TrainingAttendance.objects.get()
    response = client_for(officer).get(f"/w/{workspace.slug}/isms/training/attendances/{attendance.pk}/certificate.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.filter(action="download", object_id=str(attendance.pk)).get()
    from civac.documents import sha256_hex
    assert event.changes["sha256"] == sha256_hex(response.content)


def test_certificate_second_download_returns_same_file(workspace, officer):
    course = build.course(workspace, officer)
    build.session(course, officer, [officer], held_on=date(2026, 6, 1))
    with workspace_context(workspace):
        attendance = TrainingAttendance.objects.get()
    client = client_for(officer)
    url = f"/w/{workspace.slug}/isms/training/attendances/{attendance.pk}/certificate.pdf"
    assert client.get(url).content == client.get(url).content


def test_summary_counts_and_management_status(workspace, personas, officer):
    manager = personas[Role.MANAGEMENT]
    course = build.course(workspace, officer, title="Management", management_training=True,
                          audience=TrainingCourse.Audience.ROLES, roles=[Role.MANAGEMENT],
                          first_due_on=date(2026, 5, 1))
    build.course(workspace, officer, first_due_on=date(2026, 9, 1))
    build.session(course, officer, [manager], held_on=date(2026, 4, 10))
    summary = training_summary(workspace, date(2026, 4, 1), date(2026, 6, 30))
    assert summary["completed_in_period"] == 1
    assert summary["due"] == len(factories.ROLES)
    assert summary["overdue"] == 0
    assert [entry["person"] for entry in summary["management"]] == [manager]
    assert summary["management"][0]["status"] == Status.COMPLETED
    assert summary["management_course_missing"] is False


def test_summary_before_session_shows_management_overdue(workspace, personas, officer):
    course = build.course(workspace, officer, management_training=True, first_due_on=date(2026, 1, 1))
    build.session(course, officer, [personas[Role.MANAGEMENT]], held_on=date(2026, 4, 10))
    summary = training_summary(workspace, date(2026, 1, 1), date(2026, 3, 31))
    assert summary["management"][0]["status"] == Status.OVERDUE
    assert summary["completed_in_period"] == 0


def _list_queries(client, workspace):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/w/{workspace.slug}/isms/training/").status_code == 200
    return len(queries)


def test_list_queries_constant(workspace, officer):
    client = client_for(officer)
    build.course(workspace, officer, title="One")
    _list_queries(client, workspace)  # the first request of a session loads more than later ones
    few = _list_queries(client, workspace)
    for number in range(5):
        course = build.course(workspace, officer, title=f"Course {number}")
        build.session(course, officer, [officer], held_on=date(2026, 6, 1))
    assert _list_queries(client, workspace) == few


def test_course_form_creates_course(workspace, officer):
    response = client_for(officer).post(f"/w/{workspace.slug}/isms/training/new/", {
        "title": "Phishing", "audience": "all", "interval_months": "12", "first_due_on": "2026-09-01"})
    assert response.status_code == 302
    with workspace_context(workspace):
        assert TrainingCourse.objects.get().title == "Phishing"


def test_course_form_shows_missing_roles(workspace, officer):
    response = client_for(officer).post(f"/w/{workspace.slug}/isms/training/new/", {
        "title": "Phishing", "audience": "roles", "interval_months": "12", "first_due_on": "2026-09-01"})
    assert response.status_code == 400
    assert b"Choose at least one role" in response.content


def test_auditor_cannot_create_course(workspace, personas):
    response = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/isms/training/new/")
    assert response.status_code == 403


def test_detail_shows_person_status(workspace, officer):
    course = build.course(workspace, officer, first_due_on=date(2020, 1, 1))
    response = client_for(officer).get(f"/w/{workspace.slug}/isms/training/{course.pk}/")
    assert response.status_code == 200
    assert b"overdue" in response.content


def test_beat_task_opens_reminders_in_every_workspace(workspace, other_workspace, personas):
    from datetime import date

    from isms.models import TrainingReminder
    from isms.tasks import open_training_reminders
    from tests import builders_training

    builders_training.course(workspace, personas[Role.OFFICER], title="Phishing awareness",
                             first_due_on=date(2026, 1, 1))
    first = open_training_reminders()
    assert first > 0
    assert TrainingReminder.all_workspaces.filter(workspace=workspace).count() == first
    assert open_training_reminders() == 0  # a second run opens nothing new
