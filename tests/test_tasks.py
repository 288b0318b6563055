"""Appointments that an authority must learn of open a task; tasks are done once."""

from datetime import date

import pytest

from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Task
from officers import services
from officers.models import RoleCatalogueEntry
from tests import builders, factories
from tests.conftest import client_for
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _activate(workspace, personas, role_key):
    officer = factories.make_officer(workspace)
    builders.ciso_role()
    role = RoleCatalogueEntry.objects.get(key=role_key, is_current=True)
    with workspace_context(workspace):
        services.qualification_add(actor=personas[Role.OFFICER], officer=officer, title="Fachkunde", issuer="IHK",
                                   issued_on=date(2024, 1, 1))
        appointment = services.appointment_create(actor=personas[Role.OFFICER], workspace=workspace,
                                                  officer=officer, role=role, starts_on=date(2026, 1, 1))
        certificate = services.certificate_issue(actor=personas[Role.OFFICER], appointment=appointment)
        services.certificate_sign(actor=personas[Role.MANAGEMENT], certificate=certificate,
                                  confirmed_sha256=certificate.sha256, password=PASSWORD)
    return appointment


def test_dpo_appointment_opens_notice_task(personas, workspace):
    appointment = _activate(workspace, personas, "dpo")
    with workspace_context(workspace):
        task = Task.objects.get()
    assert "Anna Schneider" in task.title
    assert "Art. 37(7) GDPR" in task.description
    assert task.source_id == str(appointment.pk)
    client = client_for(personas[Role.OFFICER])
    client.post(f"/w/{workspace.slug}/tasks/{task.pk}/done/")
    with workspace_context(workspace):
        assert Task.objects.get(pk=task.pk).status == Task.Status.DONE


def test_ciso_appointment_needs_no_notice(personas, workspace):
    _activate(workspace, personas, "isb_ciso")
    with workspace_context(workspace):
        assert not Task.objects.exists()


def test_auditor_cannot_complete_task(personas, workspace):
    _activate(workspace, personas, "dpo")
    with workspace_context(workspace):
        task = Task.objects.get()
    response = client_for(personas[Role.AUDITOR]).post(f"/w/{workspace.slug}/tasks/{task.pk}/done/")
    assert response.status_code == 403
    with workspace_context(workspace):
        assert Task.objects.get(pk=task.pk).status == Task.Status.OPEN
