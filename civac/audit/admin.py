from django.contrib import admin

from civac.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the database rejects changes to audit events anyway."""

    list_display = ["chain_key", "sequence", "occurred_at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
