"""Error bodies of the API: ``{"errors": [{"code", "message", "field"}]}``, in the request's language.

Every error response has this shape, whether DRF's validation, a service's
``ValidationError`` (see ``civac.tenancy.errors.field_error``), a 404 or an
unexpected failure raised it, so clients need one parser.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import connection
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)


class WorkspaceNotFound(exceptions.NotFound):
    """The workspace in the URL does not exist or the caller may not open it; the access audit event is kept."""


def flatten(detail, field: str | None = None) -> list[dict]:
    """Turn DRF's nested error detail into a flat list; nested fields are joined with dots."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            if key in (api_settings.NON_FIELD_ERRORS_KEY, "__all__"):
                name = field
            else:
                name = f"{field}.{key}" if field else str(key)
            errors.extend(flatten(value, name))
        return errors
    if isinstance(detail, list):
        errors = []
        for index, value in enumerate(detail):
            # A list of dicts is a list of nested objects; their position is part of the field.
            name = f"{field}.{index}" if isinstance(value, dict) and field else field
            errors.extend(flatten(value, name))
        return errors
    return [{"code": getattr(detail, "code", None) or "invalid", "message": str(detail), "field": field}]


def _as_drf(exc):
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(detail=get_error_detail(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def exception_handler(exc, context):
    exc = _as_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        view = context.get("view")
        logger.exception("unexpected error in API view %s", type(view).__name__ if view else "?", exc_info=exc)
        set_rollback()
        return Response({"errors": [{"code": "server_error", "field": None,
                                     "message": _("An unexpected error occurred; it has been logged.")}]},
                        status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc, WorkspaceNotFound):
        # Keep the denied-access audit event that the request's transaction holds.
        if connection.in_atomic_block:
            connection.set_rollback(False)
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(exc.detail)
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        errors = [{"code": codes if isinstance(codes, str) else "error", "message": str(exc.detail), "field": None}]
    response.data = {"errors": errors}
    return response
