"""Onboarding phases in order, time entries against contracted hours, and the activation on the beat schedule."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Task
from mandates.models import Mandate, OnboardingPhase, OnboardingTask
from mandates.selectors import hours_by_month
from mandates.services.onboarding import onboarding_start, onboarding_task_done, phase_complete
from mandates.services.time_entries import time_entry_add
from mandates.tasks import activate_due_mandates
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def mandate(personas, workspace):
    mandate = Mandate.all_workspaces.get(workspace=workspace)
    with workspace_context(workspace), acting_as(system="tests"):
        Mandate.objects.filter(pk=mandate.pk).update(hours_per_month=Decimal("2"))
    mandate.refresh_from_db()
    return mandate


def _start(workspace, mandate, actor):
    with workspace_context(workspace), acting_as(actor):
        return onboarding_start(actor=actor, mandate=mandate)


def _finish_tasks(workspace, phase, actor):
    with workspace_context(workspace), acting_as(actor):
        for link in OnboardingTask.objects.filter(phase=phase).select_related("task"):
            onboarding_task_done(actor=actor, link=link)


def _complete(workspace, phase, actor):
    with workspace_context(workspace), acting_as(actor):
        return phase_complete(actor=actor, phase=phase)


def test_start_opens_four_phases_with_tasks(workspace, personas, mandate):
    phases = _start(workspace, mandate, personas[Role.OFFICER])
    assert [phase.number for phase in phases] == [1, 2, 3, 4]
    assert phases[0].started_on == timezone.localdate()
    assert phases[1].started_on is None
    with workspace_context(workspace):
        first_due = OnboardingTask.objects.filter(phase=phases[0]).values_list("task__due_on", flat=True)
        assert set(first_due) == {timezone.localdate() + timedelta(days=phases[0].planned_days)}
        assert Task.objects.filter(status=Task.Status.OPEN).count() == OnboardingTask.objects.count() > 4


def test_start_twice_is_rejected(workspace, personas, mandate):
    _start(workspace, mandate, personas[Role.OFFICER])
    with pytest.raises(ValidationError) as error:
        _start(workspace, mandate, personas[Role.OFFICER])
    assert set(error.value.error_dict) == {"mandate"}


def test_phase_with_open_tasks_cannot_complete(workspace, personas, mandate):
    phases = _start(workspace, mandate, personas[Role.OFFICER])
    with pytest.raises(ValidationError) as error:
        _complete(workspace, phases[0], personas[Role.OFFICER])
    assert set(error.value.error_dict) == {"phase"}
    assert "still open" in error.value.messages[0]


def test_later_phase_waits_for_earlier(workspace, personas, mandate):
    officer = personas[Role.OFFICER]
    phases = _start(workspace, mandate, officer)
    _finish_tasks(workspace, phases[1], officer)
    with pytest.raises(ValidationError) as error:
        _complete(workspace, phases[1], officer)
    assert "earlier phases" in error.value.messages[0]


def test_completing_phase_starts_next(workspace, personas, mandate):
    officer = personas[Role.OFFICER]
    phases = _start(workspace, mandate, officer)
    for phase in phases[:2]:
        _finish_tasks(workspace, phase, officer)
        _complete(workspace, phase, officer)
    with workspace_context(workspace):
        stored = {phase.number: phase for phase in OnboardingPhase.objects.filter(mandate=mandate)}
    assert stored[2].completed_by == officer
    assert stored[3].started_on == timezone.localdate()
    assert stored[3].completed_at is None
    with pytest.raises(ValidationError):
        _complete(workspace, stored[2], officer)


def _add_time(workspace, mandate, actor, **values):
    entry = {"worked_on": timezone.localdate(), "minutes": 90, "description": "Risk workshop"}
    entry.update(values)
    with workspace_context(workspace), acting_as(actor):
        return time_entry_add(actor=actor, mandate=mandate, **entry)


@pytest.mark.parametrize("field, values", [
    ("minutes", {"minutes": -30}),
    ("minutes", {"minutes": 0}),
    ("minutes", {"minutes": 24 * 60 + 1}),
    ("worked_on", {"worked_on": date.today() + timedelta(days=3)}),
    ("worked_on", {"worked_on": date(2025, 12, 31)}),
    ("description", {"description": "  "}),
])
def test_time_entry_rejects_bad_input_naming_field(workspace, personas, mandate, field, values):
    with pytest.raises(ValidationError) as error:
        _add_time(workspace, mandate, personas[Role.OFFICER], **values)
    assert set(error.value.error_dict) == {field}


def test_time_entry_on_draft_is_rejected(workspace, personas):
    draft = factories.grant_mandate(factories.make_partner("drafty"), workspace, status=Mandate.Status.DRAFT)
    with pytest.raises(ValidationError) as error:
        _add_time(workspace, draft, personas[Role.OFFICER])
    assert set(error.value.error_dict) == {"mandate"}


def test_hours_used_against_contracted(workspace, personas, mandate):
    _add_time(workspace, mandate, personas[Role.OFFICER], minutes=90)
    with workspace_context(workspace):
        month = next(month for month in hours_by_month(mandate) if month["hours"])
    assert month["hours"] == 1.5
    assert month["contracted"] == 2.0
    assert not month["over"]
    _add_time(workspace, mandate, personas[Role.OFFICER], minutes=60)
    with workspace_context(workspace):
        month = next(month for month in hours_by_month(mandate) if month["hours"])
    assert month["hours"] == 2.5
    assert month["over"]


def test_time_entry_form_shows_error_beside_minutes(workspace, personas, mandate):
    from tests.conftest import client_for

    response = client_for(personas[Role.OFFICER]).post(
        f"/w/{workspace.slug}/mandates/{mandate.pk}/time/",
        {"worked_on": timezone.localdate().isoformat(), "minutes": "-5", "description": "Review"})
    assert response.status_code == 400
    assert response.context["time_form"].errors["minutes"]


def test_activation_runs_on_beat(workspace):
    entry = settings.CELERY_BEAT_SCHEDULE["activate-due-mandates"]
    assert entry["task"] == activate_due_mandates.name
    assert entry["options"]["expires"] < entry["schedule"]
    signed = factories.grant_mandate(factories.make_partner("later"), workspace, status=Mandate.Status.SIGNED)
    assert activate_due_mandates() == 1
    assert Mandate.all_workspaces.get(pk=signed.pk).status == Mandate.Status.ACTIVE
