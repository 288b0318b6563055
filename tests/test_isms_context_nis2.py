"""NIS-2 facts of a workspace: saving them, adopting the result, the §33 registration checklist."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.choices import Nis2Category, Sector
from civac.tenancy.context import workspace_context
from civac.tenancy.models import Workspace
from civac.tenancy.roles import Role
from isms.models import Nis2Facts, RegistrationItem, Task
from isms.services import context as services
from isms.services.context.nis2 import add_months
from tests.builders_context import english_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NOW = "2026-03-31 10:00:00+00:00"


def _codes(error: ValidationError) -> list[str]:
    return [item.code for items in error.error_dict.values() for item in items]


def _save(workspace, user, **values):
    with workspace_context(workspace), acting_as(user):
        return services.nis2_facts_save(actor=user, workspace=workspace, values=values)


def _adopt(workspace, user, expected):
    with workspace_context(workspace), acting_as(user):
        return services.nis2_category_adopt(actor=user, workspace=workspace, expected_category=expected)


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 1, 31), 3, date(2026, 4, 30)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2027, 11, 30), 3, date(2028, 2, 29)),
    (date(2026, 3, 15), 3, date(2026, 6, 15)),
    (date(2026, 12, 31), 1, date(2027, 1, 31)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_facts_saved_on_workspace_and_row(personas, workspace):
    _save(workspace, personas[Role.OFFICER], entity_type="digital_cloud", employees=120,
          negligible_activities_note="Kantine")
    workspace.refresh_from_db()
    assert workspace.employees == 120
    assert workspace.sector == Sector.DIGITAL_INFRASTRUCTURE
    with workspace_context(workspace):
        assert Nis2Facts.objects.get().negligible_activities_note == "Kantine"


def test_negative_headcount_rejected(personas, workspace):
    with pytest.raises(ValidationError) as error:
        _save(workspace, personas[Role.OFFICER], entity_type="digital_cloud", employees=-5)
    assert _codes(error.value) == ["negative"]
    assert "employees" in error.value.error_dict
    assert Workspace.objects.get(pk=workspace.pk).employees == 300


def test_negative_headcount_shown_on_form(personas, workspace):
    client = english_client(personas[Role.OFFICER])
    response = client.post(f"/w/{workspace.slug}/isms/context/nis2/", {
        "entity_type": "digital_cloud", "employees": "-5", "trust_service_provider": "none"})
    assert response.status_code == 400
    assert "cannot be negative" in str(response.context["form"].errors["employees"])


def test_unknown_entity_type_rejected(personas, workspace):
    with pytest.raises(ValidationError) as error:
        _save(workspace, personas[Role.OFFICER], entity_type="bakery")
    assert _codes(error.value) == ["unknown_entity_type"]


def test_registration_before_qualification_rejected(personas, workspace):
    with pytest.raises(ValidationError) as error:
        _save(workspace, personas[Role.OFFICER], qualified_on=date(2026, 3, 1), registered_on=date(2026, 2, 1))
    assert _codes(error.value) == ["registered_before_qualified"]
    with workspace_context(workspace):
        assert not Nis2Facts.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_adopt_sets_category_and_opens_task(personas, workspace):
    officer = personas[Role.OFFICER]
    _save(workspace, officer, entity_type="digital_cloud", employees=400)
    facts = _adopt(workspace, officer, Nis2Category.PARTICULARLY_IMPORTANT)
    workspace.refresh_from_db()
    assert workspace.nis2_category == Nis2Category.PARTICULARLY_IMPORTANT
    assert facts.adopted_by == officer
    assert facts.qualified_on == date(2026, 3, 31)
    with workspace_context(workspace):
        task = Task.objects.get()
    assert task.due_on == date(2026, 6, 30)
    change = AuditEvent.objects.filter(workspace_id=workspace.pk, object_type="tenancy.workspace",
                                       action="update").last()
    assert change.changes["nis2_category"] == [Nis2Category.IMPORTANT, Nis2Category.PARTICULARLY_IMPORTANT]


def test_adopt_with_stale_result_rejected(personas, workspace):
    officer = personas[Role.OFFICER]
    _save(workspace, officer, entity_type="digital_cloud", employees=400)
    with pytest.raises(ValidationError) as error:
        _adopt(workspace, officer, Nis2Category.IMPORTANT)
    assert _codes(error.value) == ["stale_form"]
    assert Workspace.objects.get(pk=workspace.pk).nis2_category == Nis2Category.IMPORTANT


def test_adopt_undetermined_rejected(personas, workspace):
    officer = personas[Role.OFFICER]
    _save(workspace, officer, entity_type="digital_cloud", employees=100, annual_turnover_eur=None,
          balance_sheet_total_eur=None)
    with pytest.raises(ValidationError) as error:
        _adopt(workspace, officer, Nis2Category.UNDETERMINED)
    assert _codes(error.value) == ["undetermined"]


def test_adopt_out_of_scope_opens_no_task(personas, workspace):
    officer = personas[Role.OFFICER]
    _save(workspace, officer, entity_type="", employees=10)
    _adopt(workspace, officer, Nis2Category.NOT_IN_SCOPE)
    assert Workspace.objects.get(pk=workspace.pk).nis2_category == Nis2Category.NOT_IN_SCOPE
    with workspace_context(workspace):
        assert not Task.objects.exists()


def test_adopt_in_browser(personas, workspace):
    officer = personas[Role.OFFICER]
    _save(workspace, officer, entity_type="manufacturing_machinery", employees=10,
          annual_turnover_eur=Decimal("1000000"), balance_sheet_total_eur=Decimal("1000000"))
    client = english_client(officer)
    page = client.get(f"/w/{workspace.slug}/isms/context/nis2/")
    assert page.context["result"].category == Nis2Category.NOT_IN_SCOPE
    response = client.post(f"/w/{workspace.slug}/isms/context/nis2/adopt/",
                           {"expected_category": Nis2Category.NOT_IN_SCOPE})
    assert response.status_code == 302
    assert Workspace.objects.get(pk=workspace.pk).nis2_category == Nis2Category.NOT_IN_SCOPE


def test_auditor_cannot_adopt_or_save(personas, workspace):
    client = english_client(personas[Role.AUDITOR])
    assert client.get(f"/w/{workspace.slug}/isms/context/nis2/").status_code == 200
    assert client.post(f"/w/{workspace.slug}/isms/context/nis2/adopt/",
                       {"expected_category": Nis2Category.IMPORTANT}).status_code == 403
    assert client.post(f"/w/{workspace.slug}/isms/context/nis2/", {"employees": "1"}).status_code == 403


def test_classification_page_lists_reasons(personas, workspace):
    _save(workspace, personas[Role.OFFICER], entity_type="manufacturing_machinery", employees=300,
          linked_enterprises_note="Holding ohne gemeinsame IT")
    page = english_client(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/isms/context/nis2/")
    assert page.context["result"].codes == ["linked_enterprises", "medium"]
    assert "Holding ohne gemeinsame IT" in page.content.decode()


def test_registration_save_writes_changed_items_only(personas, workspace):
    officer = personas[Role.OFFICER]
    with workspace_context(workspace), acting_as(officer):
        services.registration_save(actor=officer, workspace=workspace, entries={
            "name": {"value": "Acme Maschinenbau GmbH", "done": False},
            "public_ip_ranges": {"value": "", "done": True},
            "phone": {"value": "", "done": False}})
        assert RegistrationItem.objects.count() == 2
        before = AuditEvent.objects.filter(workspace_id=workspace.pk).count()
        services.registration_save(actor=officer, workspace=workspace, entries={
            "name": {"value": "Acme Maschinenbau GmbH", "done": False}})
        assert AuditEvent.objects.filter(workspace_id=workspace.pk).count() == before
        items = services.registration_items(workspace)
    assert [item.key for item in items] == RegistrationItem.Key.values
    assert sum(item.is_complete for item in items) == 2


def test_registration_in_browser(personas, workspace):
    client = english_client(personas[Role.OFFICER])
    data = {f"{key}_value": "" for key in RegistrationItem.Key.values}
    data.update({"contacts_value": "isb@acme.example, +49 711 000", "sector_done": "on"})
    response = client.post(f"/w/{workspace.slug}/isms/context/nis2/registration/", data)
    assert response.status_code == 302
    with workspace_context(workspace):
        stored = dict(RegistrationItem.objects.values_list("key", "value"))
    assert stored == {"contacts": "isb@acme.example, +49 711 000", "sector": ""}


def test_registration_hidden_out_of_scope(personas, workspace):
    workspace.nis2_category = Nis2Category.NOT_IN_SCOPE
    workspace.save()
    client = english_client(personas[Role.OFFICER])
    page = client.get(f"/w/{workspace.slug}/isms/context/nis2/registration/")
    assert b"registration-not-needed" in page.content
    assert b"public_ip_ranges_value" not in page.content
    client.post(f"/w/{workspace.slug}/isms/context/nis2/registration/", {"name_value": "X"})
    with workspace_context(workspace):
        assert not RegistrationItem.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_registration_shows_deadline(personas, workspace):
    _save(workspace, personas[Role.OFFICER], qualified_on=date(2026, 1, 31))
    page = english_client(personas[Role.OFFICER]).get(f"/w/{workspace.slug}/isms/context/nis2/registration/")
    assert page.context["due_on"] == date(2026, 4, 30)
