"""The workspace's mandates, read-only: signing and ending need the browser."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.filters import OrderingFilter

from civac.api import tags
from civac.api.serializers.mandates import MandateSerializer
from civac.api.views.base import WorkspaceViewSet
from mandates.models import Mandate


@extend_schema_view(list=extend_schema(description=_(
    "List the mandates of partner firms for this workspace: terms, status and signature. Signing, ending and "
    "the handover archive are in the browser.")))
class MandateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = MandateSerializer
    schema_tag = tags.MANDATES
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_fields = ["status", "partner"]
    ordering_fields = ["starts_on", "created_at"]
    ordering = ["-starts_on", "id"]

    def get_queryset(self):
        return Mandate.objects.select_related("partner", "signed_by")
