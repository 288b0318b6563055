"""Task pages as users see them: forms and errors, roles, calendar, my tasks, feed, card, query counts."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from incidents.services.channels import calendar_feed_create
from isms.models import Task
from isms.services.tasks import task_complete
from tests import factories
from tests.builders_tasks import NOW, make_task
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _form(**values):
    data = {"title": "Notfallübung", "description": "", "owner": "", "due_on": "2026-04-30",
            "cadence": "once", "interval": "", "rrule": ""}
    return {**data, **values}


def _tasks(workspace):
    with workspace_context(workspace):
        return list(Task.objects.all())


def test_officer_creates_recurring_task(personas, workspace):
    client = client_for(personas[Role.OFFICER])
    response = client.post(f"/w/{workspace.slug}/tasks/new/", _form(cadence="rrule", rrule="FREQ=MONTHLY;BYDAY=-1FR"))
    [task] = _tasks(workspace)
    assert response.status_code == 302
    assert response["Location"] == f"/w/{workspace.slug}/tasks/{task.pk}/"
    assert task.rrule == "FREQ=MONTHLY;BYDAY=-1FR"


@pytest.mark.parametrize(("values", "field_text"), [
    ({"cadence": "rrule", "rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, "never falls on a date"),
    ({"cadence": "rrule", "rrule": "FREQ=WEEKLY;UNTIL=20250101"}, "never falls on a date"),
    ({"cadence": "rrule", "rrule": "whenever"}, "cannot be read"),
    ({"cadence": "days", "interval": "0"}, "interval from 1 to 1000"),
    ({"cadence": "monthly", "due_on": "2025-06-30"}, "more than 31 days in the past"),
    ({"due_on": "31.02.2026"}, "Enter a valid date"),
])
def test_bad_task_input_shown_and_nothing_stored(personas, workspace, values, field_text):
    client = client_for(personas[Role.OFFICER])
    response = client.post(f"/w/{workspace.slug}/tasks/new/", _form(**values), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert field_text in response.content.decode()
    assert _tasks(workspace) == []


def test_owner_choices_are_workspace_members(personas, workspace, other_workspace):
    factories.add_member(other_workspace, factories.make_user("fremd@rival.example"), Role.OFFICER)
    response = client_for(personas[Role.OFFICER]).get(f"/w/{workspace.slug}/tasks/new/")
    assert b"management@acme.example" in response.content
    assert b"fremd@rival.example" not in response.content


def test_completion_with_note_appears_in_history(personas, workspace):
    task = make_task(workspace, personas[Role.OFFICER], cadence=Task.Cadence.QUARTERLY)
    client = client_for(personas[Role.OFFICER])
    client.post(f"/w/{workspace.slug}/tasks/{task.pk}/done/", {"note": "Zwei Konten entfernt"})
    with workspace_context(workspace):
        follower = Task.objects.get(series=task.series, status=Task.Status.OPEN)
    page = client.get(f"/w/{workspace.slug}/tasks/{follower.pk}/").content.decode()
    assert "Zwei Konten entfernt" in page
    assert follower.due_on == date(2026, 6, 30)


def test_completing_twice_shows_error(personas, workspace):
    task = make_task(workspace, personas[Role.OFFICER], cadence=Task.Cadence.QUARTERLY)
    client = client_for(personas[Role.OFFICER])
    client.post(f"/w/{workspace.slug}/tasks/{task.pk}/done/")
    response = client.post(f"/w/{workspace.slug}/tasks/{task.pk}/done/", follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "This task is already done." in response.content.decode()
    assert len(_tasks(workspace)) == 2


def test_auditor_reads_but_cannot_change(personas, workspace):
    task = make_task(workspace, personas[Role.OFFICER])
    client = client_for(personas[Role.AUDITOR])
    assert client.get(f"/w/{workspace.slug}/tasks/{task.pk}/").status_code == 200
    assert client.post(f"/w/{workspace.slug}/tasks/new/", _form()).status_code == 403
    assert client.post(f"/w/{workspace.slug}/tasks/{task.pk}/delete/").status_code == 403
    assert client.post(f"/w/{workspace.slug}/tasks/{task.pk}/edit/", _form()).status_code == 403


def test_edit_reschedules(personas, workspace):
    task = make_task(workspace, personas[Role.OFFICER])
    client = client_for(personas[Role.OFFICER])
    response = client.post(f"/w/{workspace.slug}/tasks/{task.pk}/edit/", _form(title=task.title, due_on="2026-05-15"))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.due_on == date(2026, 5, 15)


def test_delete_hides_task_from_list(personas, workspace):
    task = make_task(workspace, personas[Role.OFFICER], title="Wegwerfaufgabe")
    client = client_for(personas[Role.OFFICER])
    client.post(f"/w/{workspace.slug}/tasks/{task.pk}/delete/")
    assert b"Wegwerfaufgabe" not in client.get(f"/w/{workspace.slug}/tasks/").content
    assert b"Wegwerfaufgabe" in client.get(f"/w/{workspace.slug}/tasks/?status=deleted").content


def _count_queries(client, path) -> int:
    # The first request of a session writes session bookkeeping; count a later one.
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _add_tasks(workspace, actor, count, *, owner=None):
    for number in range(count):
        make_task(workspace, actor, title=f"Aufgabe {number}", owner=owner,
                  due_on=date(2026, 3, 1) + timedelta(days=number))


def test_list_queries_constant(personas, workspace):
    officer = personas[Role.OFFICER]
    client = client_for(officer)
    _add_tasks(workspace, officer, 2, owner=officer)
    few = _count_queries(client, f"/w/{workspace.slug}/tasks/")
    _add_tasks(workspace, officer, 12, owner=personas[Role.MANAGEMENT])
    many = _count_queries(client, f"/w/{workspace.slug}/tasks/")
    assert few == many


def test_calendar_shows_month(personas, workspace):
    make_task(workspace, personas[Role.OFFICER], title="Quartalsprüfung", due_on=date(2026, 3, 31))
    client = client_for(personas[Role.AUDITOR])
    march = client.get(f"/w/{workspace.slug}/tasks/calendar/?month=2026-03").content.decode()
    may = client.get(f"/w/{workspace.slug}/tasks/calendar/?month=2026-05").content.decode()
    assert "Quartalsprüfung" in march
    assert "Quartalsprüfung" not in may


def test_calendar_queries_constant(personas, workspace):
    officer = personas[Role.OFFICER]
    client = client_for(officer)
    _add_tasks(workspace, officer, 2)
    few = _count_queries(client, f"/w/{workspace.slug}/tasks/calendar/?month=2026-03")
    _add_tasks(workspace, officer, 15)
    many = _count_queries(client, f"/w/{workspace.slug}/tasks/calendar/?month=2026-03")
    assert few == many


@pytest.mark.parametrize("month", ["2026-13", "März", "0-1"])
def test_calendar_bad_month_names_format(personas, workspace, month):
    response = client_for(personas[Role.OFFICER]).get(f"/w/{workspace.slug}/tasks/calendar/?month={month}",
                                                      HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "YEAR-MONTH" in response.content.decode()


def test_my_tasks_groups_workspaces_overdue_first(personas, workspace, other_workspace):
    officer = personas[Role.OFFICER]
    factories.add_member(other_workspace, officer, Role.MANAGEMENT)
    make_task(workspace, officer, title="Später fällig", owner=officer, due_on=date(2026, 4, 10))
    make_task(other_workspace, officer, title="Längst fällig", owner=officer, due_on=date(2026, 3, 1))
    make_task(other_workspace, officer, title="Nicht meine", due_on=date(2026, 3, 1))
    page = client_for(officer).get("/account/tasks/").content.decode()
    assert page.index("Rival Anlagenbau AG") < page.index("Acme Maschinenbau GmbH")
    assert "Längst fällig" in page
    # Unassigned tasks count as the user's only where the user does the officer's work.
    assert "Nicht meine" not in page


def test_my_tasks_hides_workspaces_without_access(personas, workspace, other_workspace):
    stranger = factories.make_user("fremd@rival.example")
    factories.add_member(other_workspace, stranger, Role.OFFICER)
    make_task(other_workspace, stranger, title="Fremde Aufgabe", owner=stranger)
    assert b"Fremde Aufgabe" not in client_for(personas[Role.OFFICER]).get("/account/tasks/").content


def test_my_tasks_queries_constant_per_workspace(personas, workspace):
    officer = personas[Role.OFFICER]
    client = client_for(officer)
    _add_tasks(workspace, officer, 2, owner=officer)
    few = _count_queries(client, "/account/tasks/")
    _add_tasks(workspace, officer, 15, owner=officer)
    many = _count_queries(client, "/account/tasks/")
    assert few == many


def test_feed_lists_open_tasks_with_stable_uid(client, personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, title="Backup testen", owner=officer)
    done = make_task(workspace, officer, title="Schon erledigt", owner=officer)
    task_complete(actor=officer, task=done, now=NOW)
    _feed, token = calendar_feed_create(user=officer)
    uids = []
    for _request in range(2):
        events = Calendar.from_ical(client.get(f"/calendar/{token}.ics").content).walk("VEVENT")
        uids.append({str(event["uid"]) for event in events})
        summaries = " ".join(str(event["summary"]) for event in events)
        assert "Schon erledigt" not in summaries
    assert f"task-{task.pk}@civac" in uids[0]
    assert uids[0] == uids[1]


def test_overview_card_counts(personas, workspace):
    officer = personas[Role.OFFICER]
    make_task(workspace, officer, due_on=date(2026, 3, 1))
    make_task(workspace, officer, due_on=date(2026, 3, 15))
    make_task(workspace, officer, due_on=date(2026, 6, 1))
    page = client_for(officer).get(f"/w/{workspace.slug}/isms/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 open tasks" in page
    assert "1 overdue" in page
    assert "1 due in the next 7 days" in page


def test_management_owner_completes_own_task_with_evidence(personas, workspace):
    from tests.builders_policies import upload

    manager = personas[Role.MANAGEMENT]
    task = make_task(workspace, personas[Role.OFFICER], title="Hold the management review", owner=manager,
                     evidence_required=True)
    client = client_for(manager)
    client.post(f"/w/{workspace.slug}/isms/evidence/subjects/{task.pk}/upload/",
                {"subject_type": "isms.task", "file": upload("minutes.txt", b"Review held on 1 March.\n")})
    response = client.post(f"/w/{workspace.slug}/tasks/{task.pk}/done/", {"note": "Minutes attached"})
    assert response.status_code == 302
    with workspace_context(workspace):
        assert Task.objects.get(pk=task.pk).status == Task.Status.DONE


def test_management_cannot_complete_someone_elses_task(personas, workspace):
    task = make_task(workspace, personas[Role.OFFICER], owner=personas[Role.OFFICER])
    response = client_for(personas[Role.MANAGEMENT]).post(f"/w/{workspace.slug}/tasks/{task.pk}/done/")
    assert response.status_code == 403
