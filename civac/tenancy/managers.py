"""Querysets for tenant-owned models.

``objects`` is scoped to the active workspace and raises without one;
``all_workspaces`` is the explicit, greppable escape hatch for platform code
(the alert engine, the admin, verification commands).

Bulk ``update``, ``bulk_create`` and ``bulk_update`` write one audit event per
row in the same transaction, so no change escapes the audit log. Deletes,
including cascades and queryset deletes, are audited by a ``post_delete``
receiver because Django's deletion collector does not call ``Model.delete``.
"""

from django.db import models, transaction
from django.db.models import Q

from civac.tenancy.context import active_workspace, require_active_workspace


class AuditedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        from civac.audit.recorder import record_bulk_update

        if not getattr(self.model, "audit_changes", True):
            return super().update(**kwargs)
        with transaction.atomic():
            rows = list(self.values_list("pk", "workspace_id"))
            count = super().update(**kwargs)
            record_bulk_update(self.model, rows, kwargs)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        from civac.audit.recorder import record_instance_created

        if not getattr(self.model, "audit_changes", True):
            return super().bulk_create(objs, *args, **kwargs)
        with transaction.atomic():
            created = super().bulk_create(objs, *args, **kwargs)
            for obj in created:
                record_instance_created(obj)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        from civac.audit.recorder import record_bulk_update

        if not getattr(self.model, "audit_changes", True):
            return super().bulk_update(objs, fields, *args, **kwargs)
        with transaction.atomic():
            count = super().bulk_update(objs, fields, *args, **kwargs)
            for obj in objs:
                values = {name: getattr(obj, self.model._meta.get_field(name).attname) for name in fields}
                record_bulk_update(self.model, [(obj.pk, obj.workspace_id)], values)
        return count


class TenantQuerySet(AuditedQuerySet):
    """A queryset built before any workspace was active binds the scope when it runs.

    Django builds some querysets at import time (a ModelForm's choice fields),
    so creating one must not raise; running one without an active workspace
    does. Every path that sends SQL for this queryset binds the scope first.
    """

    _scope_pending = False

    def _clone(self):
        clone = super()._clone()
        clone._scope_pending = self._scope_pending
        return clone

    def _bind_scope(self):
        if self._scope_pending:
            workspace = require_active_workspace()
            self.query.add_q(Q(workspace_id=workspace.pk))
            self._scope_pending = False

    def _fetch_all(self):
        self._bind_scope()
        super()._fetch_all()

    def count(self):
        self._bind_scope()
        return super().count()

    def exists(self):
        self._bind_scope()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._bind_scope()
        return super().aggregate(*args, **kwargs)

    def iterator(self, *args, **kwargs):
        self._bind_scope()
        return super().iterator(*args, **kwargs)

    def update(self, **kwargs):
        self._bind_scope()
        return super().update(**kwargs)

    def delete(self):
        self._bind_scope()
        return super().delete()

    def explain(self, *args, **kwargs):
        self._bind_scope()
        return super().explain(*args, **kwargs)

    def resolve_expression(self, *args, **kwargs):
        # Used as a subquery inside another query.
        self._bind_scope()
        return super().resolve_expression(*args, **kwargs)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    """Rows of the active workspace only; running a query without one raises ``NoActiveWorkspace``."""

    def get_queryset(self):
        queryset = super().get_queryset()
        workspace = active_workspace()
        if workspace is None:
            queryset._scope_pending = True
            return queryset
        return queryset.filter(workspace_id=workspace.pk)


class AllWorkspacesManager(models.Manager.from_queryset(AuditedQuerySet)):
    """Rows of every workspace, for platform code that handles tenants explicitly."""
