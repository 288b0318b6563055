"""OpenAPI additions: the personal access token scheme and the shared error responses.

Imported by ``ApiConfig.ready`` so that the token scheme is registered.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "civac.api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": _("A personal access token, created under Account → API tokens.")}


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable, machine-readable error code, e.g. max_length or not_found."))
    message = serializers.CharField(help_text=_("Human-readable message in the request's language."))
    field = serializers.CharField(allow_null=True, help_text=_("The offending field, dotted for nested fields; "
                                                               "null when the error concerns the whole request."))


class ErrorResponseSerializer(serializers.Serializer):
    errors = ErrorSerializer(many=True)


# Every workspace endpoint may respond with these, whatever the operation.
# Filters and bodies may be invalid (400) on reads as well as writes.
_ERROR_CODES = ["400", "401", "403", "404", "429"]


class ApiAutoSchema(AutoSchema):
    """Document the common error responses on every operation, and group operations by the viewset's tag."""

    def get_tags(self):
        tag = getattr(self.view, "schema_tag", None)
        return [tag] if tag is not None else super().get_tags()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in _ERROR_CODES:
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorResponseSerializer, code)
        return responses
