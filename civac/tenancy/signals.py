from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate
from django.dispatch import receiver

from civac.tenancy.base import TenantModel
from civac.tenancy.context import active_workspace


@receiver(post_delete)
def audit_tenant_delete(sender, instance, **kwargs):
    """Audit every deleted tenant row, including cascades and queryset deletes."""
    if not isinstance(instance, TenantModel) or not instance.audit_changes:
        return
    from civac.audit.recorder import record_instance_deleted

    record_instance_deleted(instance)


@receiver(connection_created)
def scope_new_connection(sender, connection, **kwargs):
    """Put a new or reopened database session in the scope of the active workspace, if any."""
    from civac.tenancy.rls import apply_scope

    workspace = active_workspace()
    apply_scope([str(workspace.pk)] if workspace is not None else None, connection=connection)


@receiver(post_migrate)
def enforce_row_level_security(sender, app_config, using, **kwargs):
    if app_config.label != "tenancy":
        return
    from django.db import connections

    from civac.tenancy.rls import ensure_row_level_security

    ensure_row_level_security(connections[using])
