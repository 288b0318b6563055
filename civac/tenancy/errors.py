"""Errors with a stable code, a translated message and the offending field."""

from django.core.exceptions import ValidationError


def field_error(field: str, message, code: str) -> ValidationError:
    """Build a ValidationError bound to ``field``, so forms show it beside that input."""
    return ValidationError({field: ValidationError(message, code=code)})
