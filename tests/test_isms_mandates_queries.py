"""Onboarding queries: a question to a named client member, their task, the kept answer and its evidence."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import EvidenceFile, Task
from mandates.models import Mandate, OnboardingQuery
from mandates.services.queries import query_answer, query_ask
from tests import factories
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def mandate(personas, workspace):
    return Mandate.all_workspaces.get(workspace=workspace)


def _ask(workspace, mandate, actor, addressee, *, question="Which sites does the company run?", days=7):
    with workspace_context(workspace), acting_as(actor):
        return query_ask(actor=actor, mandate=mandate, question=question, addressee=addressee,
                         due_on=timezone.localdate() + timedelta(days=days))


def _answer(workspace, query, actor, answer="Stuttgart and Ulm."):
    with workspace_context(workspace), acting_as(actor):
        return query_answer(actor=actor, query=query, answer=answer)


def _error_fields(error) -> set[str]:
    return set(error.value.error_dict)


def test_ask_opens_task_for_addressee(workspace, personas, mandate):
    officer, board = personas[Role.OFFICER], personas[Role.MANAGEMENT]
    query = _ask(workspace, mandate, officer, board)
    with workspace_context(workspace):
        task = Task.objects.get(pk=query.task_id)
    assert task.owner == board
    assert task.due_on == query.due_on
    assert task.is_open
    assert "Which sites" in task.title
    assert AuditEvent.objects.filter(object_id=str(query.pk), action="create").exists()


@pytest.mark.parametrize("field, overrides", [
    ("question", {"question": "   "}),
    ("question", {"question": "x" * 4001}),
    ("due_on", {"days": -1}),
    ("due_on", {"days": 400}),
])
def test_ask_rejects_bad_input_naming_field(workspace, personas, mandate, field, overrides):
    with pytest.raises(ValidationError) as error:
        _ask(workspace, mandate, personas[Role.OFFICER], personas[Role.MANAGEMENT], **overrides)
    assert _error_fields(error) == {field}
    with workspace_context(workspace):
        assert not OnboardingQuery.objects.exists()
        assert not Task.objects.exists()


def test_ask_rejects_addressee_outside_workspace(workspace, personas, mandate, other_workspace):
    stranger = factories.make_user("stranger@rival.example")
    factories.add_member(other_workspace, stranger, Role.MANAGEMENT)
    with pytest.raises(ValidationError) as error:
        _ask(workspace, mandate, personas[Role.OFFICER], stranger)
    assert _error_fields(error) == {"addressee"}


def test_ask_rejects_ended_mandate(workspace, personas, mandate):
    with workspace_context(workspace), acting_as(system="tests"):
        Mandate.objects.filter(pk=mandate.pk).update(status=Mandate.Status.ENDED)
    mandate.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        _ask(workspace, mandate, personas[Role.OFFICER], personas[Role.MANAGEMENT])
    assert _error_fields(error) == {"mandate"}


def test_answer_by_addressee_completes_task(workspace, personas, mandate):
    board = personas[Role.MANAGEMENT]
    query = _ask(workspace, mandate, personas[Role.OFFICER], board)
    answered = _answer(workspace, query, board)
    assert answered.answer == "Stuttgart and Ulm."
    assert answered.answered_by == board
    with workspace_context(workspace):
        assert Task.objects.get(pk=query.task_id).status == Task.Status.DONE


def test_second_answer_is_rejected(workspace, personas, mandate):
    board = personas[Role.MANAGEMENT]
    query = _ask(workspace, mandate, personas[Role.OFFICER], board)
    _answer(workspace, query, board)
    with pytest.raises(ValidationError) as error:
        _answer(workspace, query, board, answer="Only Ulm.")
    assert _error_fields(error) == {"answer"}
    with workspace_context(workspace):
        assert OnboardingQuery.objects.get(pk=query.pk).answer == "Stuttgart and Ulm."


def test_reader_who_is_not_addressee_cannot_answer(workspace, personas, mandate):
    query = _ask(workspace, mandate, personas[Role.OFFICER], personas[Role.MANAGEMENT])
    with pytest.raises(ValidationError) as error:
        _answer(workspace, query, personas[Role.AUDITOR])
    assert _error_fields(error) == {"answer"}


def test_empty_answer_is_rejected(workspace, personas, mandate):
    query = _ask(workspace, mandate, personas[Role.OFFICER], personas[Role.MANAGEMENT])
    with pytest.raises(ValidationError) as error:
        _answer(workspace, query, personas[Role.MANAGEMENT], answer="  ")
    assert _error_fields(error) == {"answer"}


def test_pages_ask_answer_and_attach(workspace, personas, mandate):
    base = f"/w/{workspace.slug}/mandates"
    officer = client_for(personas[Role.OFFICER])
    auditor = personas[Role.AUDITOR]
    response = officer.post(f"{base}/{mandate.pk}/queries/new/", {
        "question": "Send the network plan", "addressee": auditor.pk,
        "due_on": (timezone.localdate() + timedelta(days=5)).isoformat()})
    assert response.status_code == 302
    with workspace_context(workspace):
        query = OnboardingQuery.objects.get()

    # The addressee reads the workspace only, yet answers and attaches the file the answer refers to.
    addressee = client_for(auditor)
    page = addressee.get(f"{base}/queries/{query.pk}/")
    assert b"answer-form" in page.content
    upload = SimpleUploadedFile("network-plan.txt", b"Core switch in building A\n", content_type="text/plain")
    response = addressee.post(f"/w/{workspace.slug}/isms/evidence/subjects/{query.pk}/upload/",
                              {"subject_type": "mandates.onboardingquery", "file": upload})
    assert response.status_code == 302
    response = addressee.post(f"{base}/queries/{query.pk}/answer/", {"answer": "Attached."})
    assert response.status_code == 302
    with workspace_context(workspace):
        assert OnboardingQuery.objects.get().answered_by == auditor
        assert EvidenceFile.objects.filter(subject_id=query.pk).count() == 1
    assert b"network-plan.txt" in addressee.get(f"{base}/queries/{query.pk}/").content


def test_page_shows_past_due_date_error(workspace, personas, mandate):
    response = client_for(personas[Role.OFFICER]).post(
        f"/w/{workspace.slug}/mandates/{mandate.pk}/queries/new/", {
            "question": "Send the network plan", "addressee": personas[Role.MANAGEMENT].pk,
            "due_on": (timezone.localdate() - timedelta(days=2)).isoformat()})
    assert response.status_code == 400
    assert b"lies in the past" in response.content


def test_auditor_cannot_send_query(workspace, personas, mandate):
    response = client_for(personas[Role.AUDITOR]).post(
        f"/w/{workspace.slug}/mandates/{mandate.pk}/queries/new/", {
            "question": "Q", "addressee": personas[Role.MANAGEMENT].pk,
            "due_on": timezone.localdate().isoformat()})
    assert response.status_code == 403


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_list_constant_queries(workspace, personas, mandate):
    url = f"/w/{workspace.slug}/mandates/{mandate.pk}/queries/"
    officer = personas[Role.OFFICER]
    client = client_for(officer)
    _ask(workspace, mandate, officer, personas[Role.MANAGEMENT])
    client.get(url)  # the first request of a session does one-off work
    few = _list_queries(client, url)
    for number in range(6):
        addressee = factories.make_user(f"member{number}@acme.example")
        factories.add_member(workspace, addressee, Role.AUDITOR)
        _ask(workspace, mandate, officer, addressee, question=f"Question {number}")
    assert _list_queries(client, url) == few
