"""Assets, risks, SoA entries, policies and tasks; writes go through the ISMS services."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from civac.api.serializers.isms import (
    ASSET_FIELDS,
    RISK_WRITE_FIELDS,
    AssetSerializer,
    PolicySerializer,
    RiskSerializer,
    SoAEntrySerializer,
    TaskCompleteSerializer,
    TaskSerializer,
)
from civac.api import tags
from civac.api.views.base import WorkspaceViewSet
from isms.models import Asset, Policy, PolicyVersion, Risk, SoAEntry, Task
from isms.services.assets import asset_create, asset_update
from isms.services.risks.methodology import methodology_for
from isms.services.risks.risks import risk_create, risk_update
from isms.services.tasks import task_complete, task_create, task_update

ORDERING = [filters.DjangoFilterBackend, OrderingFilter]


def _split(values: dict, many_field: str):
    values = dict(values)
    return values, values.pop(many_field, None)


class AssetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = AssetSerializer
    schema_tag = tags.ISMS
    filter_backends = ORDERING
    filterset_fields = ["kind", "confidentiality", "integrity", "availability"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return Asset.objects.prefetch_related("dependencies")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values, dependencies = _split(serializer.validated_data, "dependencies")
        asset = asset_create(actor=request.user, workspace=self.workspace, dependencies=dependencies or (),
                             **values)
        return Response(self.get_serializer(asset).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        asset = self.get_object()
        serializer = self.get_serializer(asset, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values, dependencies = _split(serializer.validated_data, "dependencies")
        asset = asset_update(actor=request.user, asset=asset,
                             values={name: values[name] for name in ASSET_FIELDS if name in values},
                             dependencies=dependencies)
        return Response(self.get_serializer(self.get_queryset().get(pk=asset.pk)).data)


class RiskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = RiskSerializer
    schema_tag = tags.ISMS
    filter_backends = ORDERING
    filterset_fields = ["status", "treatment_option", "owner"]
    ordering_fields = ["title", "treatment_due_on", "created_at"]
    ordering = ["title", "id"]

    def get_queryset(self):
        return Risk.objects.prefetch_related("assets")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values, assets = _split(serializer.validated_data, "assets")
        risk = risk_create(actor=request.user, workspace=self.workspace, methodology=methodology_for(self.workspace),
                           assets=assets or (), **values)
        return Response(self.get_serializer(risk).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        risk = self.get_object()
        serializer = self.get_serializer(risk, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values, assets = _split(serializer.validated_data, "assets")
        risk = risk_update(actor=request.user, risk=risk, methodology=methodology_for(self.workspace),
                           values={name: values[name] for name in RISK_WRITE_FIELDS if name in values},
                           assets=assets)
        return Response(self.get_serializer(self.get_queryset().get(pk=risk.pk)).data)


class SoAEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = SoAEntrySerializer
    schema_tag = tags.CONTROLS
    filter_backends = ORDERING
    filterset_fields = ["applicability", "status"]
    ordering_fields = ["created_at", "status"]
    ordering = ["created_at", "id"]

    def get_queryset(self):
        return SoAEntry.objects.select_related("catalogue_control", "own_control")


class PolicyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = PolicySerializer
    schema_tag = tags.ISMS
    filter_backends = ORDERING
    filterset_fields = ["kind", "requires_read_confirmation"]
    ordering_fields = ["title", "next_review_on", "created_at"]
    ordering = ["title", "id"]

    def get_queryset(self):
        approved = PolicyVersion.objects.filter(status=PolicyVersion.Status.APPROVED)
        return Policy.objects.prefetch_related(Prefetch("versions", queryset=approved))


class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = TaskSerializer
    schema_tag = tags.ISMS
    filter_backends = ORDERING
    filterset_fields = ["status", "cadence", "owner"]
    ordering_fields = ["due_on", "title", "created_at"]
    ordering = ["due_on", "id"]

    def get_queryset(self):
        return Task.objects.exclude(status=Task.Status.DELETED)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = task_create(actor=request.user, workspace=self.workspace, **serializer.validated_data)
        return Response(self.get_serializer(task).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        serializer = self.get_serializer(task, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        task = task_update(actor=request.user, task=task, values=dict(serializer.validated_data))
        return Response(self.get_serializer(task).data)

    @extend_schema(request=TaskCompleteSerializer, responses={200: TaskSerializer},
                   description=_("Mark the task done; a recurring task opens its next occurrence."))
    @action(detail=True, methods=["post"])
    def completion(self, request, *args, **kwargs):
        serializer = TaskCompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = task_complete(actor=request.user, task=self.get_object(), note=serializer.validated_data.get("note", ""))
        return Response(self.get_serializer(task).data)
