from django.contrib import admin

from mandates.models import CompanyGroup


@admin.register(CompanyGroup)
class CompanyGroupAdmin(admin.ModelAdmin):
    """Read-only for the operator: changes go through the parent workspace's group page, which audits them.

    A save here would change which workspaces appear together without an
    event on any workspace's audit chain.
    """

    list_display = ["name", "parent", "created_at"]
    search_fields = ["name", "parent__legal_name", "parent__slug"]
    readonly_fields = ["name", "parent", "subsidiaries", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
