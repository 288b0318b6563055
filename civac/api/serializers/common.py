"""Serializer parts shared by every endpoint: unknown fields rejected, user references limited to members."""

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civac.tenancy.context import require_active_workspace


class StrictFieldsMixin:
    """Reject keys the serializer does not write, so a misspelt field is an error instead of being ignored."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in writable)
            if unknown:
                raise serializers.ValidationError({
                    name: [serializers.ErrorDetail(_("This field is unknown or read-only; remove it."),
                                                   code="unknown_field")]
                    for name in unknown
                })
        return super().to_internal_value(data)


class StrictSerializer(StrictFieldsMixin, serializers.Serializer):
    pass


class StrictModelSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    pass


class MemberField(serializers.PrimaryKeyRelatedField):
    """A user id that must belong to a member of the active workspace; others read as "does not exist"."""

    def get_queryset(self):
        workspace = require_active_workspace()
        return get_user_model().objects.filter(memberships__workspace=workspace).distinct()


class UserSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name()
