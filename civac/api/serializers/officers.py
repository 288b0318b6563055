"""Officers, appointments and workspace members."""

from rest_framework import serializers

from civac.api.serializers.common import StrictModelSerializer, UserSummarySerializer
from civac.tenancy.models import Membership
from officers.models import Appointment, Officer

OFFICER_FIELDS = ["first_name", "last_name", "email", "phone", "employer_kind", "employer_name"]


class OfficerSerializer(StrictModelSerializer):
    class Meta:
        model = Officer
        fields = ["id", *OFFICER_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class AppointmentSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.key", read_only=True)
    officer = serializers.PrimaryKeyRelatedField(read_only=True)
    deputy = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Appointment
        fields = ["id", "role", "officer", "deputy", "starts_on", "ends_on", "scope", "reporting_line",
                  "is_external", "status", "revoked_at", "created_at", "updated_at"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    user = UserSummarySerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "created_at"]
        read_only_fields = fields
