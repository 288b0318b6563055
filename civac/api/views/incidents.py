"""Incidents, reporting obligations and submissions, written through the same services as the UI."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from civac.api.filters import UtcIsoDateTimeFilter
from civac.api.serializers.incidents import (
    IncidentCreateSerializer,
    IncidentSerializer,
    IncidentUpdateSerializer,
    ObligationSerializer,
    SubmissionSerializer,
)
from civac.api import tags
from civac.api.views.base import WorkspaceViewSet
from incidents.models import Incident, ObligationKind, Regime, ReportingObligation
from incidents.services import incident_create, incident_update_facts, obligation_submit


class IncidentFilter(filters.FilterSet):
    aware_after = UtcIsoDateTimeFilter(field_name="aware_at", lookup_expr="gte")
    aware_before = UtcIsoDateTimeFilter(field_name="aware_at", lookup_expr="lt")

    class Meta:
        model = Incident
        fields = ["status", "severity", "significant"]


class IncidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = IncidentSerializer
    schema_tag = tags.INCIDENTS
    filterset_class = IncidentFilter
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["aware_at", "created_at", "severity", "title"]
    ordering = ["-aware_at", "id"]

    def get_queryset(self):
        return Incident.objects.select_related("reporter")

    @extend_schema(request=IncidentCreateSerializer, responses={201: IncidentSerializer})
    def create(self, request, *args, **kwargs):
        serializer = IncidentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        values.setdefault("aware_time_zone", self.workspace.time_zone)
        incident = incident_create(actor=request.user, workspace=self.workspace, **values)
        return Response(IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IncidentUpdateSerializer, responses={200: IncidentSerializer})
    def partial_update(self, request, *args, **kwargs):
        serializer = IncidentUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        incident = incident_update_facts(actor=request.user, incident=self.get_object(),
                                         **serializer.validated_data)
        return Response(IncidentSerializer(incident).data)


class ObligationFilter(filters.FilterSet):
    regime = filters.ChoiceFilter(choices=Regime.choices)
    kind = filters.ChoiceFilter(choices=ObligationKind.choices)
    due_before = UtcIsoDateTimeFilter(field_name="due_at", lookup_expr="lt")
    due_after = UtcIsoDateTimeFilter(field_name="due_at", lookup_expr="gte")

    class Meta:
        model = ReportingObligation
        fields = ["incident", "status", "regime", "kind"]


class ObligationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = ObligationSerializer
    schema_tag = tags.INCIDENTS
    filterset_class = ObligationFilter
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["due_at", "created_at", "submitted_at"]
    ordering = ["due_at", "id"]

    def get_queryset(self):
        return ReportingObligation.objects.select_related("submitted_by")

    @extend_schema(request=SubmissionSerializer, responses={200: ObligationSerializer},
                   description=_("Record that the report went to the authority; follow-up clocks start as in "
                                 "the browser."))
    @action(detail=True, methods=["post"])
    def submission(self, request, *args, **kwargs):
        serializer = SubmissionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obligation = obligation_submit(actor=request.user, obligation=self.get_object(),
                                       **serializer.validated_data)
        return Response(ObligationSerializer(obligation).data)
