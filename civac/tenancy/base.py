import uuid

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from civac.tenancy.managers import AllWorkspacesManager, TenantManager


class TenantModel(models.Model):
    """Base of every tenant-owned row.

    The workspace is a required foreign key with no default. Primary keys are
    UUIDs so that object URLs cannot be enumerated. ``save`` runs the write and
    its audit event in one transaction. Set ``audit_changes = False`` only for
    engine bookkeeping that keeps its own log, as the alert outbox does.
    """

    audit_changes = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.PROTECT, related_name="+", verbose_name=_("workspace")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TenantManager()
    all_workspaces = AllWorkspacesManager()

    class Meta:
        abstract = True
        base_manager_name = "all_workspaces"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audit_snapshot = dict(zip(field_names, values))
        return instance

    def save(self, *args, **kwargs):
        from civac.audit.recorder import record_instance_saved

        if not self.audit_changes:
            return super().save(*args, **kwargs)
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            record_instance_saved(self, created=adding)
