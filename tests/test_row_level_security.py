"""PostgreSQL row-level security: catalogue state, the application role, and the walls it adds."""

import pytest
from django.db import DatabaseError, connection, transaction

from civac.tenancy.context import workspace_context
from civac.tenancy.rls import POLICY_NAME, tenant_tables
from officers.models import Officer
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_every_tenant_table_forces_its_policy():
    tables = tenant_tables()
    assert "officers_officer" in tables
    assert "incidents_alertdelivery" in tables
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_policies p ON p.tablename = c.relname "
            "WHERE c.relrowsecurity AND c.relforcerowsecurity AND p.policyname = %s", [POLICY_NAME])
        protected = {row[0] for row in cursor.fetchall()}
    assert set(tables) <= protected, sorted(set(tables) - protected)


def test_app_role_cannot_bypass_security(app_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, False)
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user")
        assert cursor.fetchone() == (0,)


def test_raw_sql_in_workspace_sees_only_that_workspace(app_role, workspace, other_workspace):
    factories.make_officer(workspace, email="mine@example.com")
    factories.make_officer(other_workspace, email="theirs@example.com")
    with workspace_context(workspace), connection.cursor() as cursor:
        cursor.execute("SELECT email FROM officers_officer")
        assert [row[0] for row in cursor.fetchall()] == ["mine@example.com"]
    with workspace_context(workspace):
        # Even the explicit cross-tenant manager stops at the wall inside a workspace.
        assert list(Officer.all_workspaces.values_list("email", flat=True)) == ["mine@example.com"]


def test_write_into_other_workspace_is_rejected(app_role, workspace, other_workspace):
    with workspace_context(workspace), pytest.raises(DatabaseError, match="row-level security"):
        with transaction.atomic():
            Officer.all_workspaces.create(workspace=other_workspace, first_name="A", last_name="B",
                                          email="smuggled@example.com")


def test_session_without_scope_sees_nothing(app_role, workspace):
    factories.make_officer(workspace)
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('civac.scope', '', false)")
        cursor.execute("SELECT count(*) FROM officers_officer")
        assert cursor.fetchone() == (0,)
        cursor.execute("SELECT set_config('civac.scope', 'platform', false)")


def test_app_role_cannot_rewrite_audit_log(app_role, workspace):
    factories.make_officer(workspace)
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET action = 'x'")


def test_grant_command_rejects_superuser():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_app_role", "postgres")
