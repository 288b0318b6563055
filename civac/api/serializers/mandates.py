"""Mandates: the terms and status of the partner contracts of the workspace."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mandates.models import Mandate


class PartnerSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class MandateSerializer(serializers.ModelSerializer):
    # The handover archive and the DPA document are offered in the browser only.

    partner = PartnerSummarySerializer(read_only=True)
    roles = serializers.ListField(source="role_keys", child=serializers.CharField(), read_only=True,
                                  help_text=_("Catalogue keys of the officer roles this mandate covers."))
    appointment = serializers.PrimaryKeyRelatedField(read_only=True)
    signed_by = serializers.EmailField(source="signed_by.email", read_only=True, allow_null=True)

    class Meta:
        model = Mandate
        fields = ["id", "partner", "status", "starts_on", "ends_on", "roles", "appointment", "continuing_education",
                  "scope", "deliverables", "hours_per_month", "onsite_days_per_month", "substitution_rules",
                  "reachable_24_7", "emergency_channel", "acknowledgement_minutes", "early_warning_draft_hours",
                  "submission", "client_escalation_duty", "significance_criteria", "reporting_line",
                  "report_frequency", "management_keeps_responsibility", "management_training_support",
                  "access_rights", "confidentiality", "processes_personal_data", "dpa_signed_on",
                  "subcontracting", "liability_cover_eur", "notice_days", "handover_arrangement", "signed_by",
                  "signed_at", "signed_sha256", "handed_over_at", "handover_sha256", "created_at", "updated_at"]
        read_only_fields = fields
