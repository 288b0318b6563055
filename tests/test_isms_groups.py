"""Corporate groups: the services' rules, who sees which member in the group view, and its query count."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Task
from mandates.models import CompanyGroup
from mandates.services.groups import group_add_subsidiary, group_create, group_remove_subsidiary
from tests import builders, factories
from tests.builders_groups import group_with_subsidiaries
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def admin(workspace):
    user = factories.make_user("admin@konzern.example")
    factories.add_member(workspace, user, Role.WORKSPACE_ADMIN)
    return user


def _error_code(error: ValidationError, field: str) -> str:
    return error.value.error_dict[field][0].code


def test_create_and_add_audits_both_chains(workspace, admin):
    group, (subsidiary,) = group_with_subsidiaries(workspace, admin, count=1)
    assert list(group.subsidiaries.all()) == [subsidiary]
    parent_events = AuditEvent.objects.filter(workspace_id=workspace.pk, object_type="mandates.companygroup")
    assert parent_events.count() == 2
    assert AuditEvent.objects.filter(workspace_id=subsidiary.pk, object_type="mandates.companygroup",
                                     changes__subsidiary_added=str(subsidiary.pk)).exists()


def test_remove_detaches_and_audits(workspace, admin):
    group, (subsidiary,) = group_with_subsidiaries(workspace, admin, count=1)
    group_remove_subsidiary(actor=admin, group=group, workspace=subsidiary)
    assert not group.subsidiaries.exists()
    assert AuditEvent.objects.filter(workspace_id=subsidiary.pk,
                                     changes__subsidiary_removed=str(subsidiary.pk)).exists()


def test_adding_twice_is_rejected(workspace, admin):
    group, (subsidiary,) = group_with_subsidiaries(workspace, admin, count=1)
    with pytest.raises(ValidationError) as error:
        group_add_subsidiary(actor=admin, group=group, workspace=subsidiary)
    assert _error_code(error, "workspace") == "already_member"


def test_parent_cannot_join_its_own_group(workspace, admin):
    group = group_create(actor=admin, parent=workspace, name="Acme Gruppe")
    with pytest.raises(ValidationError) as error:
        group_add_subsidiary(actor=admin, group=group, workspace=workspace)
    assert _error_code(error, "workspace") == "parent_as_subsidiary"


def test_workspace_not_administered_is_rejected(workspace, other_workspace, admin):
    factories.add_member(other_workspace, admin, Role.OFFICER)
    group = group_create(actor=admin, parent=workspace, name="Acme Gruppe")
    with pytest.raises(ValidationError) as error:
        group_add_subsidiary(actor=admin, group=group, workspace=other_workspace)
    assert _error_code(error, "workspace") == "not_workspace_admin"
    assert not group.subsidiaries.exists()


def test_workspace_in_another_group_is_rejected(workspace, other_workspace, admin):
    factories.add_member(other_workspace, admin, Role.WORKSPACE_ADMIN)
    _group, (subsidiary,) = group_with_subsidiaries(workspace, admin, count=1)
    second = group_create(actor=admin, parent=other_workspace, name="Rival Gruppe")
    with pytest.raises(ValidationError) as error:
        group_add_subsidiary(actor=admin, group=second, workspace=subsidiary)
    assert _error_code(error, "workspace") == "member_of_other_group"


def test_create_needs_admin_of_parent(workspace):
    officer = factories.make_user("isb@acme.example")
    factories.add_member(workspace, officer, Role.OFFICER)
    with pytest.raises(ValidationError) as error:
        group_create(actor=officer, parent=workspace, name="Acme Gruppe")
    assert _error_code(error, "name") == "not_workspace_admin"
    assert not CompanyGroup.objects.exists()


def test_second_group_for_parent_is_rejected(workspace, admin):
    group_create(actor=admin, parent=workspace, name="Acme Gruppe")
    with pytest.raises(ValidationError) as error:
        group_create(actor=admin, parent=workspace, name="Noch eine Gruppe")
    assert _error_code(error, "name") == "group_exists"


def test_blank_name_is_rejected(workspace, admin):
    with pytest.raises(ValidationError) as error:
        group_create(actor=admin, parent=workspace, name="   ")
    assert _error_code(error, "name") == "name_missing"


def test_officer_of_parent_sees_only_own_workspaces(workspace, admin):
    group, (first, second) = group_with_subsidiaries(workspace, admin, count=2)
    officer = factories.make_user("isb@acme.example")
    factories.add_member(workspace, officer, Role.OFFICER)
    factories.add_member(first, officer, Role.OFFICER)
    body = client_for(officer).get(f"/groups/{group.pk}/").content.decode()
    assert first.legal_name in body
    assert workspace.legal_name in body
    assert second.legal_name not in body


def test_management_of_parent_sees_subsidiaries_they_belong_to(workspace, admin):
    group, (first, second) = group_with_subsidiaries(workspace, admin, count=2)
    manager = factories.make_user("gf@acme.example")
    factories.add_member(workspace, manager, Role.MANAGEMENT)
    factories.add_member(second, manager, Role.MANAGEMENT)
    body = client_for(manager).get(f"/groups/{group.pk}/").content.decode()
    assert second.legal_name in body
    assert first.legal_name not in body


def test_outsider_gets_404(workspace, other_workspace, admin):
    group, _subsidiaries = group_with_subsidiaries(workspace, admin, count=1)
    outsider = factories.make_user("outsider@example.com")
    factories.add_member(other_workspace, outsider, Role.WORKSPACE_ADMIN)
    response = client_for(outsider).get(f"/groups/{group.pk}/")
    assert response.status_code == 404
    assert group.name.encode() not in response.content


def test_unknown_group_gets_404(admin):
    assert client_for(admin).get("/groups/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_overview_shows_deadlines_and_overdue_tasks(workspace, admin):
    group, (subsidiary,) = group_with_subsidiaries(workspace, admin, count=1)
    builders.significant_incident(subsidiary, reporter=admin, title="Ausfall Leitstand")
    with workspace_context(subsidiary), acting_as(admin):
        Task.objects.create(workspace=subsidiary, title="Backup testen",
                            due_on=timezone.localdate() - timedelta(days=3))
    response = client_for(admin).get(f"/groups/{group.pk}/")
    body = response.content.decode()
    assert "Ausfall Leitstand" in body
    row = body.split(f'data-workspace="{subsidiary.slug}"')[1].split("</tr>")[0]
    assert 'class="overdue">1<' in row


def test_dashboard_links_to_group(workspace, admin):
    group, (subsidiary,) = group_with_subsidiaries(workspace, admin, count=1)
    for member in (workspace, subsidiary):
        body = client_for(admin).get(f"/w/{member.slug}/").content.decode()
        assert f"/groups/{group.pk}/" in body, member.slug


def _overview_queries(user, group) -> int:
    client = client_for(user)
    client.get(f"/groups/{group.pk}/")  # warm the session and the catalogue caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/groups/{group.pk}/")
    assert response.status_code == 200
    return len(queries)


def test_overview_queries_do_not_grow_with_members(workspace, other_workspace, admin):
    small, _subsidiaries = group_with_subsidiaries(workspace, admin, count=2, prefix="klein")
    factories.add_member(other_workspace, admin, Role.WORKSPACE_ADMIN)
    large, subsidiaries = group_with_subsidiaries(other_workspace, admin, count=8, prefix="gross", name="Rival")
    for subsidiary in subsidiaries:
        builders.significant_incident(subsidiary, reporter=admin)
    assert _overview_queries(admin, small) == _overview_queries(admin, large)


def test_manage_page_adds_and_removes(workspace, admin):
    group = group_create(actor=admin, parent=workspace, name="Acme Gruppe")
    subsidiary = factories.make_workspace("tochter", legal_name="Tochter GmbH")
    factories.add_member(subsidiary, admin, Role.WORKSPACE_ADMIN)
    client = client_for(admin)
    response = client.post(f"/w/{workspace.slug}/group/subsidiaries/", {"workspace": str(subsidiary.pk)})
    assert response.status_code == 302
    assert list(group.subsidiaries.all()) == [subsidiary]
    again = client.post(f"/w/{workspace.slug}/group/subsidiaries/", {"workspace": str(subsidiary.pk)})
    assert again.status_code == 400
    assert b"already a subsidiary" in again.content
    client.post(f"/w/{workspace.slug}/group/subsidiaries/{subsidiary.pk}/remove/")
    assert not group.subsidiaries.exists()


def test_manage_page_rejects_officer(workspace, admin):
    group, (subsidiary,) = group_with_subsidiaries(workspace, admin, count=1)
    officer = factories.make_user("isb@acme.example")
    factories.add_member(workspace, officer, Role.OFFICER)
    response = client_for(officer).post(f"/w/{workspace.slug}/group/subsidiaries/{subsidiary.pk}/remove/")
    assert response.status_code == 403
    assert group.subsidiaries.count() == 1


def test_manage_page_names_the_group(workspace, admin):
    group, (subsidiary,) = group_with_subsidiaries(workspace, admin, count=1)
    body = client_for(admin).get(f"/w/{workspace.slug}/group/").content.decode()
    assert group.name in body
    assert subsidiary.legal_name in body
