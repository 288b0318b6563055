"""Assets, risks, SoA entries, policies and tasks."""

from rest_framework import serializers

from civac.api.serializers.common import MemberField, StrictModelSerializer
from isms.models import Asset, Policy, Risk, SoAEntry, Task

ASSET_FIELDS = ["name", "kind", "description", "owner", "owner_role", "confidentiality", "integrity",
                "availability"]


class AssetSerializer(StrictModelSerializer):
    owner = MemberField(required=False, allow_null=True)
    dependencies = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Asset.objects.all(),
        help_text="Ids of assets of this workspace that this asset depends on.")

    class Meta:
        model = Asset
        fields = ["id", *ASSET_FIELDS, "dependencies", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


RISK_WRITE_FIELDS = ["title", "threat", "vulnerability", "owner", "inherent_likelihood", "inherent_impact",
                     "residual_likelihood", "residual_impact", "treatment_option", "treatment_description",
                     "treatment_owner", "treatment_due_on", "status"]


class RiskSerializer(StrictModelSerializer):
    owner = MemberField(required=False, allow_null=True)
    treatment_owner = MemberField(required=False, allow_null=True)
    assets = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Asset.objects.all(),
                                                help_text="Ids of the threatened assets of this workspace.")
    inherent_score = serializers.IntegerField(read_only=True)
    residual_score = serializers.IntegerField(read_only=True, allow_null=True)
    accepted = serializers.SerializerMethodField()

    class Meta:
        model = Risk
        fields = ["id", *RISK_WRITE_FIELDS, "assets", "inherent_score", "residual_score", "accepted",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"inherent_likelihood": {"min_value": 1, "max_value": 32767},
                        "inherent_impact": {"min_value": 1, "max_value": 32767},
                        "residual_likelihood": {"min_value": 1, "max_value": 32767},
                        "residual_impact": {"min_value": 1, "max_value": 32767}}

    def get_accepted(self, risk) -> bool:
        return risk.current_acceptance_id is not None


class SoAEntrySerializer(serializers.ModelSerializer):
    ref = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    owner = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = SoAEntry
        fields = ["id", "ref", "title", "applicability", "inclusion_reason", "justification", "status", "maturity",
                  "owner", "notes", "created_at", "updated_at"]
        read_only_fields = fields

    def get_ref(self, entry) -> str:
        return entry.control.ref

    def get_title(self, entry) -> str:
        return str(entry.control.title)


class PolicySerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(read_only=True)
    current_version = serializers.SerializerMethodField()

    class Meta:
        model = Policy
        fields = ["id", "title", "kind", "owner", "review_interval_months", "requires_read_confirmation",
                  "confirmation_roles", "next_review_on", "current_version", "created_at", "updated_at"]
        read_only_fields = fields

    def get_current_version(self, policy) -> int | None:
        """Number of the approved version, from the prefetched versions."""
        approved = [version.number for version in policy.versions.all() if version.status == "approved"]
        return approved[0] if approved else None


TASK_WRITE_FIELDS = ["title", "description", "owner", "due_on", "cadence", "interval", "rrule", "evidence_required"]


class TaskSerializer(StrictModelSerializer):
    owner = MemberField(required=False, allow_null=True)

    class Meta:
        model = Task
        fields = ["id", *TASK_WRITE_FIELDS, "status", "done_at", "completion_note", "series", "created_at",
                  "updated_at"]
        read_only_fields = ["id", "status", "done_at", "completion_note", "series", "created_at", "updated_at"]
        extra_kwargs = {"interval": {"min_value": 1, "max_value": 32767}}


class TaskCompleteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
