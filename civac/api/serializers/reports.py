"""Quarterly status reports with their release and acknowledgements."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civac.api.serializers.common import UserSummarySerializer
from reporting.models import QuarterlyReport, ReportAcknowledgement


class AcknowledgementSerializer(serializers.ModelSerializer):
    user = UserSummarySerializer(read_only=True)

    class Meta:
        model = ReportAcknowledgement
        fields = ["user", "acknowledged_at", "comment", "sha256"]
        read_only_fields = fields


class QuarterlyReportSerializer(serializers.ModelSerializer):
    # The PDF itself is downloaded in the browser.

    requested_by = serializers.EmailField(source="requested_by.email", read_only=True, allow_null=True)
    released_by = serializers.EmailField(source="released_by.email", read_only=True, allow_null=True)
    acknowledgements = AcknowledgementSerializer(many=True, read_only=True,
                                                 help_text=_("One entry per management member asked at release."))

    class Meta:
        model = QuarterlyReport
        fields = ["id", "year", "quarter", "version", "origin", "status", "period_start", "period_end", "language",
                  "requested_by", "generated_at", "sha256", "released_at", "released_by", "acknowledgements",
                  "created_at", "updated_at"]
        read_only_fields = fields
