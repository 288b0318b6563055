"""The standard set of recurring ISMS tasks: created with a new workspace, by a command, once."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command

from civac.tenancy.context import workspace_context
from civac.tenancy.services import workspace_create
from isms.models import Task
from isms.services.tasks import task_delete
from isms.services.tasks.standard import standard_task_specs, standard_tasks_create
from tests import factories
from tests.builders_tasks import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EXPECTED = {
    "access_review": Task.Cadence.QUARTERLY,
    "backup_restore_test": Task.Cadence.HALF_YEARLY,
    "supplier_review": Task.Cadence.YEARLY,
    "policy_review": Task.Cadence.YEARLY,
    "management_review": Task.Cadence.YEARLY,
    "internal_audit": Task.Cadence.YEARLY,
}


def test_data_file_lists_six_recurring_tasks():
    assert {spec["key"]: spec["cadence"] for spec in standard_task_specs()} == EXPECTED


def test_new_workspace_starts_with_standard_tasks():
    admin = factories.make_user("admin@new.example")
    with time_machine.travel(NOW, tick=False):
        workspace = workspace_create(actor=admin, slug="neu", legal_name="Neu GmbH")
    with workspace_context(workspace):
        tasks = {task.standard_key: task for task in Task.objects.all()}
    assert {key: task.cadence for key, task in tasks.items()} == EXPECTED
    assert tasks["access_review"].title == "Zugriffsrechte überprüfen"
    assert tasks["access_review"].due_on == date(2026, 3, 12) + timedelta(days=30)
    assert all(task.series is not None for task in tasks.values())


def test_standard_tasks_in_english_workspace(workspace):
    workspace.default_language = "en"
    workspace.save()
    standard_tasks_create(actor=None, workspace=workspace, now=NOW)
    with workspace_context(workspace):
        assert Task.objects.get(standard_key="management_review").title == "Hold the management review"


def test_command_is_idempotent(workspace, other_workspace):
    call_command("create_standard_tasks")
    call_command("create_standard_tasks")
    for checked in (workspace, other_workspace):
        with workspace_context(checked):
            assert Task.objects.count() == len(EXPECTED)


def test_deleted_standard_task_not_recreated(workspace):
    [first, *_rest] = standard_tasks_create(actor=None, workspace=workspace, now=NOW)
    task_delete(actor=None, task=first)
    assert standard_tasks_create(actor=None, workspace=workspace, now=NOW) == []


def test_command_names_unknown_workspace():
    with pytest.raises(CommandError, match="workspace not found: nosuch"):
        call_command("create_standard_tasks", workspace=["nosuch"])
