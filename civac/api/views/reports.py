"""Quarterly status reports, read-only: requesting, releasing and acknowledging happen in the browser."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.filters import OrderingFilter

from civac.api import tags
from civac.api.serializers.reports import QuarterlyReportSerializer
from civac.api.views.base import WorkspaceViewSet
from reporting.models import QuarterlyReport, ReportAcknowledgement


@extend_schema_view(list=extend_schema(description=_(
    "List the versions of the quarterly status reports with status, period, release and acknowledgements. "
    "The PDF is downloaded in the browser.")))
class QuarterlyReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    serializer_class = QuarterlyReportSerializer
    schema_tag = tags.REPORTS
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_fields = ["year", "quarter", "status", "origin"]
    ordering_fields = ["created_at", "released_at"]
    ordering = ["-created_at", "id"]

    def get_queryset(self):
        acknowledgements = Prefetch("acknowledgements",
                                    queryset=ReportAcknowledgement.objects.select_related("user"))
        return QuarterlyReport.objects.select_related("requested_by", "released_by").prefetch_related(
            acknowledgements)
