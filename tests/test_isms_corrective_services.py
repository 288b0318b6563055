"""Nonconformity services: sources, actions with tasks, effectiveness checks, closure and the summary."""

from datetime import date, datetime, timedelta, timezone as dt_timezone

import pytest
import time_machine
from django.core.exceptions import ValidationError

from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import AuditFinding, EffectivenessCheck, Nonconformity, Task
from isms.services.corrective import (action_add, action_complete, corrective_action_summary,
                                      effectiveness_check_record, nonconformity_close, nonconformity_create,
                                      nonconformity_update)
from tests import builders, factories
from tests.builders_audits import make_audit, make_finding, make_nonconformity

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=dt_timezone.utc)
TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def officer(workspace):
    user = factories.make_user("officer@acme.example", first_name="Olga", last_name="Officer")
    factories.add_member(workspace, user, Role.OFFICER)
    return user


def _code(error: ValidationError, field: str) -> str:
    return error.error_dict[field][0].code


def _actioned(workspace, officer, **fields) -> Nonconformity:
    nonconformity = make_nonconformity(workspace, cause_analysis="Restore tests were never scheduled.", **fields)
    action = action_add(actor=officer, nonconformity=nonconformity, description="Schedule quarterly restore tests",
                        owner=officer, due_on=TODAY + timedelta(days=14))
    action_complete(actor=officer, action=action, note="Restore test run on 12 March, documented")
    return nonconformity


def test_from_finding_takes_title_and_statement(workspace, officer):
    finding = make_finding(make_audit(workspace))
    nonconformity = nonconformity_create(actor=officer, workspace=workspace, source=Nonconformity.Source.FINDING,
                                         finding=finding)
    assert nonconformity.title == finding.title
    assert nonconformity.description == finding.statement


def test_from_observation_rejected(workspace, officer):
    finding = make_finding(make_audit(workspace), kind=AuditFinding.Kind.OBSERVATION)
    with pytest.raises(ValidationError) as raised:
        nonconformity_create(actor=officer, workspace=workspace, source=Nonconformity.Source.FINDING,
                             finding=finding)
    assert _code(raised.value, "finding") == "finding_not_nc"


def test_second_from_same_finding_rejected(workspace, officer):
    finding = make_finding(make_audit(workspace))
    nonconformity_create(actor=officer, workspace=workspace, source=Nonconformity.Source.FINDING, finding=finding)
    with pytest.raises(ValidationError) as raised:
        nonconformity_create(actor=officer, workspace=workspace, source=Nonconformity.Source.FINDING,
                             finding=finding)
    assert _code(raised.value, "finding") == "finding_taken"


def test_from_incident_keeps_incident(workspace, officer):
    incident = builders.significant_incident(workspace, reporter=officer, title="Phishing wave")
    nonconformity = nonconformity_create(actor=officer, workspace=workspace, source=Nonconformity.Source.INCIDENT,
                                         incident=incident, title="Mail filter let macros through",
                                         description="Macro attachments reached 40 users.")
    assert nonconformity.incident_id == incident.pk


def test_from_incident_without_incident_rejected(workspace, officer):
    with pytest.raises(ValidationError) as raised:
        nonconformity_create(actor=officer, workspace=workspace, source=Nonconformity.Source.INCIDENT,
                             title="x", description="y")
    assert _code(raised.value, "incident") == "incident_missing"


def test_from_review_without_reference_rejected(workspace, officer):
    with pytest.raises(ValidationError) as raised:
        nonconformity_create(actor=officer, workspace=workspace, source=Nonconformity.Source.REVIEW,
                             title="x", description="y")
    assert _code(raised.value, "source_reference") == "source_reference_missing"


def test_action_opens_task_for_owner(workspace, officer):
    nonconformity = make_nonconformity(workspace)
    action = action_add(actor=officer, nonconformity=nonconformity, description="Schedule restore tests",
                        owner=officer, due_on=TODAY + timedelta(days=7))
    with workspace_context(workspace):
        task = Task.objects.get(pk=action.task_id)
    assert task.owner_id == officer.pk
    assert task.due_on == TODAY + timedelta(days=7)
    assert task.status == Task.Status.OPEN


def test_action_with_past_due_date_rejected(workspace, officer):
    nonconformity = make_nonconformity(workspace)
    with pytest.raises(ValidationError) as raised:
        action_add(actor=officer, nonconformity=nonconformity, description="Schedule restore tests", owner=officer,
                   due_on=TODAY - timedelta(days=1))
    assert _code(raised.value, "due_on") == "due_on_past"
    with workspace_context(workspace):
        assert not Task.objects.exists()


def test_action_owner_outside_workspace_rejected(workspace, other_workspace, officer):
    stranger = factories.make_user("stranger@rival.example")
    factories.add_member(other_workspace, stranger, Role.OFFICER)
    nonconformity = make_nonconformity(workspace)
    with pytest.raises(ValidationError) as raised:
        action_add(actor=officer, nonconformity=nonconformity, description="Schedule restore tests",
                   owner=stranger, due_on=TODAY)
    assert _code(raised.value, "owner") == "owner_not_member"
    with workspace_context(workspace):
        assert not nonconformity.actions.exists()


def test_action_done_completes_task(workspace, officer):
    nonconformity = make_nonconformity(workspace)
    action = action_add(actor=officer, nonconformity=nonconformity, description="Schedule restore tests",
                        owner=officer, due_on=TODAY)
    action_complete(actor=officer, action=action, note="Scheduled in the backup tool")
    with workspace_context(workspace):
        task = Task.objects.get(pk=action.task_id)
    assert task.status == Task.Status.DONE


def test_check_with_open_actions_rejected(workspace, officer):
    nonconformity = make_nonconformity(workspace)
    action_add(actor=officer, nonconformity=nonconformity, description="Schedule restore tests", owner=officer,
               due_on=TODAY)
    with pytest.raises(ValidationError) as raised:
        effectiveness_check_record(actor=officer, nonconformity=nonconformity, checked_by=officer,
                                   checked_on=TODAY, result=EffectivenessCheck.Result.EFFECTIVE, notes="Sampled")
    assert _code(raised.value, "result") == "actions_open"


def test_check_in_future_rejected(workspace, officer):
    nonconformity = _actioned(workspace, officer)
    with pytest.raises(ValidationError) as raised:
        effectiveness_check_record(actor=officer, nonconformity=nonconformity, checked_by=officer,
                                   checked_on=TODAY + timedelta(days=1), result=EffectivenessCheck.Result.EFFECTIVE,
                                   notes="Sampled")
    assert _code(raised.value, "checked_on") == "checked_on_future"


def test_close_without_check_rejected(workspace, officer):
    nonconformity = _actioned(workspace, officer)
    with pytest.raises(ValidationError) as raised:
        nonconformity_close(actor=officer, nonconformity=nonconformity)
    assert _code(raised.value, "effectiveness") == "effectiveness_missing"
    nonconformity.refresh_from_db()
    assert nonconformity.status == Nonconformity.Status.OPEN


def test_close_after_ineffective_check_rejected(workspace, officer):
    nonconformity = _actioned(workspace, officer)
    effectiveness_check_record(actor=officer, nonconformity=nonconformity, checked_by=officer, checked_on=TODAY,
                               result=EffectivenessCheck.Result.NOT_EFFECTIVE, notes="Restore failed again")
    with pytest.raises(ValidationError) as raised:
        nonconformity_close(actor=officer, nonconformity=nonconformity)
    assert _code(raised.value, "effectiveness") == "effectiveness_negative"


def test_close_without_cause_analysis_rejected(workspace, officer):
    nonconformity = make_nonconformity(workspace)
    with pytest.raises(ValidationError) as raised:
        nonconformity_close(actor=officer, nonconformity=nonconformity)
    assert _code(raised.value, "cause_analysis") == "cause_missing"


def test_close_after_effective_check(workspace, officer):
    nonconformity = _actioned(workspace, officer)
    effectiveness_check_record(actor=officer, nonconformity=nonconformity, checked_by=officer, checked_on=TODAY,
                               result=EffectivenessCheck.Result.EFFECTIVE, notes="Second restore test passed")
    closed = nonconformity_close(actor=officer, nonconformity=nonconformity)
    assert closed.status == Nonconformity.Status.CLOSED
    assert closed.closed_by_id == officer.pk


def test_closed_nonconformity_cannot_change(workspace, officer):
    nonconformity = _actioned(workspace, officer)
    effectiveness_check_record(actor=officer, nonconformity=nonconformity, checked_by=officer, checked_on=TODAY,
                               result=EffectivenessCheck.Result.EFFECTIVE, notes="Second restore test passed")
    nonconformity_close(actor=officer, nonconformity=nonconformity)
    with pytest.raises(ValidationError) as raised:
        nonconformity_update(actor=officer, nonconformity=nonconformity, values={"title": "Other"})
    assert _code(raised.value, "nonconformity") == "nonconformity_closed"


def test_summary_counts_open_closed_and_overdue(workspace, officer):
    closed = _actioned(workspace, officer, title="Closed one")
    effectiveness_check_record(actor=officer, nonconformity=closed, checked_by=officer, checked_on=TODAY,
                               result=EffectivenessCheck.Result.EFFECTIVE, notes="Passed")
    nonconformity_close(actor=officer, nonconformity=closed)
    late = make_nonconformity(workspace, title="Late one")
    action_add(actor=officer, nonconformity=late, description="Patch servers", owner=officer, due_on=TODAY)
    make_nonconformity(workspace, title="Fresh one")

    with time_machine.travel(NOW + timedelta(days=3), tick=False):
        summary = corrective_action_summary(workspace)

    assert summary["open"] == 2
    assert summary["closed"] == 1
    assert summary["overdue"] == 1
    assert summary["open_by_source"][Nonconformity.Source.REVIEW] == 2
    overdue_titles = [item["nonconformity"].title for item in summary["open_items"] if item["overdue"]]
    assert overdue_titles == ["Late one"]


def test_ineffective_check_then_new_action_closes(workspace, officer):
    nonconformity = _actioned(workspace, officer)
    effectiveness_check_record(actor=officer, nonconformity=nonconformity, checked_by=officer, checked_on=TODAY,
                               result=EffectivenessCheck.Result.NOT_EFFECTIVE, notes="Restore failed again")
    second = action_add(actor=officer, nonconformity=nonconformity, description="Replace the tape drive",
                        owner=officer, due_on=TODAY)
    action_complete(actor=officer, action=second, note="New drive installed")
    # Later the same day: checks of one day are ordered by the time they were recorded.
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        effectiveness_check_record(actor=officer, nonconformity=nonconformity, checked_by=officer, checked_on=TODAY,
                                   result=EffectivenessCheck.Result.EFFECTIVE, notes="Restore test passed")
        closed = nonconformity_close(actor=officer, nonconformity=nonconformity)
    assert closed.status == Nonconformity.Status.CLOSED


def test_action_on_closed_nonconformity_rejected(workspace, officer):
    nonconformity = _actioned(workspace, officer)
    effectiveness_check_record(actor=officer, nonconformity=nonconformity, checked_by=officer, checked_on=TODAY,
                               result=EffectivenessCheck.Result.EFFECTIVE, notes="Passed")
    nonconformity_close(actor=officer, nonconformity=nonconformity)
    with pytest.raises(ValidationError) as raised:
        action_add(actor=officer, nonconformity=nonconformity, description="More", owner=officer, due_on=TODAY)
    assert _code(raised.value, "nonconformity") == "nonconformity_closed"
