"""The workspace's audit log, read-only and in chain order."""

from django_filters import rest_framework as filters
from rest_framework import mixins
from rest_framework.filters import OrderingFilter

from civac.api.filters import UtcIsoDateTimeFilter
from civac.api.pagination import StableCursorPagination
from civac.api.serializers.audit import AuditEventSerializer
from civac.api import tags
from civac.api.views.base import WorkspaceViewSet
from civac.audit.models import AuditEvent
from civac.tenancy.context import require_active_workspace


class AuditEventFilter(filters.FilterSet):
    occurred_after = UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = UtcIsoDateTimeFilter(field_name="occurred_at", lookup_expr="lt")
    sequence_after = filters.NumberFilter(field_name="sequence", lookup_expr="gt")

    class Meta:
        model = AuditEvent
        fields = ["action", "object_type", "object_id"]


class AuditPagination(StableCursorPagination):
    ordering = ("-sequence",)


class AuditEventViewSet(mixins.ListModelMixin, WorkspaceViewSet):
    serializer_class = AuditEventSerializer
    schema_tag = tags.AUDIT_LOG
    filterset_class = AuditEventFilter
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    pagination_class = AuditPagination
    ordering_fields = ["sequence"]
    ordering = ["-sequence"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation runs without a workspace
            return AuditEvent.objects.none()
        # Audit events are not a tenant model (platform events have no
        # workspace), so the workspace filter is explicit here.
        return AuditEvent.objects.filter(workspace_id=require_active_workspace().pk)
