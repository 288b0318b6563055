from django.contrib import admin

from civac.tenancy.models import Membership, Partner, PartnerStaff, Workspace


class AllWorkspacesAdmin(admin.ModelAdmin):
    """Admin for tenant rows: the operator works across workspaces explicitly."""

    def get_queryset(self, request):
        return self.model.all_workspaces.all()


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "slug", "nis2_category", "time_zone"]
    search_fields = ["legal_name", "slug"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "oncall_email"]


@admin.register(PartnerStaff)
class PartnerStaffAdmin(admin.ModelAdmin):
    list_display = ["partner", "user"]


@admin.register(Membership)
class MembershipAdmin(AllWorkspacesAdmin):
    list_display = ["workspace", "user", "role"]
    list_filter = ["role"]
