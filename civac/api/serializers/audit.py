from rest_framework import serializers

from civac.audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["sequence", "occurred_at", "actor_label", "action", "object_type", "object_id", "object_repr",
                  "changes", "prev_hash", "hash"]
        read_only_fields = fields
