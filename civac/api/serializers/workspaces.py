"""Workspaces the caller may open, with the caller's role in each."""

from rest_framework import serializers

from civac.tenancy.models import Workspace
from civac.tenancy.roles import Role


class WorkspaceSerializer(serializers.ModelSerializer):
    # ``role`` comes from the "roles" context: workspace id -> the caller's role.

    role = serializers.SerializerMethodField()

    class Meta:
        model = Workspace
        fields = ["id", "slug", "legal_name", "country", "sector", "nis2_category", "time_zone", "default_language",
                  "require_mfa", "role", "created_at"]
        read_only_fields = fields

    def get_role(self, workspace) -> Role:
        return self.context["roles"][workspace.pk]
