"""Officers, appointments (read-only: signing needs the browser's re-authentication) and members."""

from rest_framework import mixins, status
from rest_framework.filters import OrderingFilter
from django_filters import rest_framework as filters
from rest_framework.response import Response

from civac.api.serializers.officers import AppointmentSerializer, MemberSerializer, OfficerSerializer
from civac.api import tags
from civac.api.views.base import WorkspaceViewSet
from civac.tenancy.models import Membership
from officers.models import Appointment, Officer
from officers.services.officers import officer_create, officer_update

ORDERING = [filters.DjangoFilterBackend, OrderingFilter]


class OfficerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = OfficerSerializer
    schema_tag = tags.PEOPLE
    filter_backends = ORDERING
    filterset_fields = ["employer_kind", "email"]
    ordering_fields = ["last_name", "created_at"]
    ordering = ["last_name", "id"]

    def get_queryset(self):
        return Officer.objects.all()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        officer = officer_create(actor=request.user, workspace=self.workspace, **serializer.validated_data)
        return Response(self.get_serializer(officer).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        officer = self.get_object()
        serializer = self.get_serializer(officer, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        officer = officer_update(actor=request.user, officer=officer, values=dict(serializer.validated_data))
        return Response(self.get_serializer(officer).data)


class AppointmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = AppointmentSerializer
    schema_tag = tags.PEOPLE
    filter_backends = ORDERING
    filterset_fields = ["status", "officer"]
    ordering_fields = ["starts_on", "created_at"]
    ordering = ["-starts_on", "id"]

    def get_queryset(self):
        return Appointment.objects.select_related("role")


class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = MemberSerializer
    schema_tag = tags.PEOPLE
    filter_backends = ORDERING
    filterset_fields = ["role"]
    ordering_fields = ["created_at"]
    ordering = ["created_at", "id"]

    def get_queryset(self):
        return Membership.objects.select_related("user")
