"""Controls, read-only: the Annex A catalogue and the workspace's own controls."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.filters import OrderingFilter

from civac.api import tags
from civac.api.serializers.controls import CatalogueControlSerializer, OwnControlSerializer
from civac.api.views.base import WorkspaceViewSet
from isms.models import CatalogueControl, OwnControl, OwnControlArea


@extend_schema_view(list=extend_schema(description=_(
    "List the Annex A controls of ISO/IEC 27001:2022 with their §30(2) BSIG measure areas. Filter by ref to fetch "
    "one control. Controls that left the catalogue are kept, because SoA entries refer to them, and are marked "
    "is_current: false.")))
class CatalogueControlViewSet(mixins.ListModelMixin, WorkspaceViewSet):
    # List only: the rows are platform data shared by all workspaces, with
    # integer keys, so there is no workspace-scoped detail route to offer.

    serializer_class = CatalogueControlSerializer
    schema_tag = tags.CONTROLS
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_fields = ["ref", "theme", "new_in_2022", "is_current"]
    ordering_fields = ["position", "ref"]
    ordering = ["position", "id"]

    def get_queryset(self):
        return CatalogueControl.objects.prefetch_related("measure_areas")


@extend_schema_view(list=extend_schema(description=_(
    "List the controls the workspace added beside Annex A, for example from a customer contract.")))
class OwnControlViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = OwnControlSerializer
    schema_tag = tags.CONTROLS
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_fields = ["ref", "theme"]
    ordering_fields = ["ref", "created_at"]
    ordering = ["ref", "id"]

    def get_queryset(self):
        areas = Prefetch("area_links", queryset=OwnControlArea.objects.select_related("area"))
        return OwnControl.objects.select_related("soa_entry").prefetch_related(areas)
