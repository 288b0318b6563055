from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from civac.tenancy.rls import ensure_row_level_security, grant_app_privileges


class Command(BaseCommand):
    help = (
        "Grant the database role the application connects with the rights it needs, and no more, and force "
        "row-level security on every tenant table. Run as the owner of the tables (the role that runs migrations)."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="Existing PostgreSQL role, for example civac_app.")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("grant_app_role needs PostgreSQL; SQLite has no roles.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
        if found is None:
            raise CommandError(f"Role {role!r} not found; create it with CREATE ROLE {role} LOGIN PASSWORD '...'.")
        if any(found):
            raise CommandError(f"Role {role!r} is a superuser or has BYPASSRLS; row-level security would not bind it.")
        grant_app_privileges(connection, role)
        tables = ensure_row_level_security(connection)
        self.stdout.write(f"Granted {role}; row-level security forced on {len(tables)} tenant tables.")
