from django.db.models.signals import post_delete
from django.dispatch import receiver

from civac.tenancy.base import TenantModel


@receiver(post_delete)
def audit_tenant_delete(sender, instance, **kwargs):
    """Audit every deleted tenant row, including cascades and queryset deletes."""
    if not isinstance(instance, TenantModel) or not instance.audit_changes:
        return
    from civac.audit.recorder import record_instance_deleted

    record_instance_deleted(instance)
