"""Row-level security in PostgreSQL: the second wall behind the tenant querysets.

Every tenant table gets a forced policy that shows and accepts only rows whose
workspace is in the session's scope. The scope is two settings of the
database session, kept in step with ``workspace_context``:

- ``civac.scope``: ``workspace`` inside a workspace context, ``platform``
  outside one; unset (any session the application did not open) shows nothing.
- ``civac.workspace_ids``: the workspaces in scope, comma-separated.

Platform scope lets code outside any workspace (access checks, the alert
engine, the admin, migrations) work across tenants. There the querysets'
own filter and ``NoActiveWorkspace`` are the wall. Inside a workspace
context even raw SQL and the explicit ``all_workspaces`` manager see that
workspace only.

RLS binds only a role that is neither superuser nor BYPASSRLS; production must
connect as such a role (see ``manage.py grant_app_role``).
"""

from __future__ import annotations

from django.db import connection as default_connection

POLICY_NAME = "civac_tenant_isolation"
POLICY_EXPRESSION = (
    "current_setting('civac.scope', true) = 'platform' OR ("
    "current_setting('civac.scope', true) = 'workspace' AND "
    "workspace_id::text = ANY (string_to_array(current_setting('civac.workspace_ids', true), ',')))"
)


def apply_scope(workspace_ids: list[str] | None, connection=None) -> None:
    """Set the session's scope: the given workspaces, or platform scope for None."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return
    scope = "platform" if workspace_ids is None else "workspace"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('civac.scope', %s, false), set_config('civac.workspace_ids', %s, false)",
            [scope, ",".join(workspace_ids or [])],
        )


def tenant_tables() -> list[str]:
    from civac.tenancy.base import TenantModel

    tables = []
    pending = list(TenantModel.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if not model._meta.abstract and not model._meta.proxy:
            tables.append(model._meta.db_table)
    return sorted(set(tables))


def ensure_row_level_security(connection) -> list[str]:
    """Enable, force and (re)create the policy on every tenant table; safe to run again."""
    if connection.vendor != "postgresql":
        return []
    tables = tenant_tables()
    with connection.cursor() as cursor:
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY")
            cursor.execute(f"DROP POLICY IF EXISTS {POLICY_NAME} ON {quoted}")
            cursor.execute(
                f"CREATE POLICY {POLICY_NAME} ON {quoted} USING ({POLICY_EXPRESSION}) "
                f"WITH CHECK ({POLICY_EXPRESSION})"
            )
    return tables


# The audit log is append-only for the application: no UPDATE, DELETE or TRUNCATE,
# so even a compromised application cannot rewrite history (the triggers are another wall).
APPEND_ONLY_TABLES = ["audit_auditevent"]


def grant_app_privileges(connection, role: str) -> None:
    """Give ``role`` data rights on every table, minus changes to the audit log."""
    quoted = connection.ops.quote_name(role)
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
        for table in APPEND_ONLY_TABLES:
            cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {connection.ops.quote_name(table)} FROM {quoted}")
