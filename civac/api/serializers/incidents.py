"""Incidents, their reporting obligations and submissions."""

from rest_framework import serializers

from civac.api.serializers.common import StrictSerializer
from civac.tenancy.models import validate_time_zone
from incidents.models import Incident, ReportingObligation

INCIDENT_FACTS = ["title", "description", "severity", "significant", "personal_data_involved",
                  "suspected_malicious", "cross_border_impact", "affected_services", "affected_assets",
                  "dora_major", "dora_classified_at", "physical_resilience_impact", "trust_service_impact"]


class IncidentSerializer(serializers.ModelSerializer):
    reporter = serializers.EmailField(source="reporter.email", read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "title", "description", "status", "severity", "detected_at", "aware_at", "aware_time_zone",
                  "reporter", "significant", "personal_data_involved", "suspected_malicious",
                  "cross_border_impact", "affected_services", "affected_assets", "dora_major",
                  "dora_classified_at", "physical_resilience_impact", "trust_service_impact", "closed_at",
                  "created_at", "updated_at"]
        read_only_fields = fields


class IncidentCreateSerializer(StrictSerializer):
    """The facts of a new incident; the service starts every reporting clock they call for."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    aware_at = serializers.DateTimeField(help_text="When the organisation became aware; the clocks start here. "
                                                   "Include the UTC offset.")
    aware_time_zone = serializers.CharField(
        required=False, max_length=64, validators=[validate_time_zone],
        help_text="IANA time zone the times were entered in; defaults to the workspace's zone.")
    detected_at = serializers.DateTimeField(required=False, allow_null=True)
    severity = serializers.ChoiceField(choices=Incident.Severity.choices, required=False)
    significant = serializers.BooleanField(required=False)
    personal_data_involved = serializers.BooleanField(required=False)
    suspected_malicious = serializers.BooleanField(required=False)
    cross_border_impact = serializers.BooleanField(required=False)
    affected_services = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    affected_assets = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    dora_major = serializers.BooleanField(required=False)
    dora_classified_at = serializers.DateTimeField(required=False, allow_null=True)
    physical_resilience_impact = serializers.BooleanField(required=False)
    trust_service_impact = serializers.BooleanField(required=False)


class IncidentUpdateSerializer(StrictSerializer):
    """Facts that may change after registration; a change that starts a clock opens its obligation."""

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    severity = serializers.ChoiceField(choices=Incident.Severity.choices, required=False)
    significant = serializers.BooleanField(required=False)
    personal_data_involved = serializers.BooleanField(required=False)
    suspected_malicious = serializers.BooleanField(required=False)
    cross_border_impact = serializers.BooleanField(required=False)
    affected_services = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    affected_assets = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    dora_major = serializers.BooleanField(required=False)
    dora_classified_at = serializers.DateTimeField(required=False, allow_null=True)
    physical_resilience_impact = serializers.BooleanField(required=False)
    trust_service_impact = serializers.BooleanField(required=False)


class ObligationSerializer(serializers.ModelSerializer):
    incident = serializers.PrimaryKeyRelatedField(read_only=True)
    submitted_by = serializers.EmailField(source="submitted_by.email", read_only=True, allow_null=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = ReportingObligation
        fields = ["id", "incident", "regime", "kind", "trigger_at", "due_at", "status", "is_overdue",
                  "acknowledged_at", "submitted_at", "submitted_by", "reference_number", "submitted_as_progress",
                  "report_sha256", "created_at", "updated_at"]
        read_only_fields = fields

    def get_is_overdue(self, obligation) -> bool:
        from django.utils import timezone

        return obligation.is_open and obligation.due_at < timezone.now()


class SubmissionSerializer(StrictSerializer):
    """The record that a report went to the authority."""

    submitted_at = serializers.DateTimeField(help_text="When the report was sent; include the UTC offset.")
    reference_number = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                             help_text="The authority's reference, if it gave one.")
    as_progress = serializers.BooleanField(
        required=False, default=False,
        help_text="Only for the NIS-2 final report: a progress report because handling is still ongoing.")
