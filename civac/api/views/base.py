"""The workspace-scoped base of every API view: access as in the UI, the workspace bound for the whole request."""

from __future__ import annotations

import uuid
from contextlib import ExitStack

from allauth.mfa.utils import is_mfa_enabled
from django.db.transaction import TransactionManagementError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, viewsets
from rest_framework.permissions import SAFE_METHODS

from civac.api.errors import WorkspaceNotFound
from civac.api.models import ApiToken
from civac.audit.context import acting_as
from civac.audit.recorder import append_event
from civac.tenancy.access import WorkspaceAccess, resolve_access
from civac.tenancy.context import workspace_context


class ReadOnlyToken(exceptions.PermissionDenied):
    default_detail = _("This token may only read; create a token with write scope to change data.")
    default_code = "token_read_only"


class MissingCapability(exceptions.PermissionDenied):
    default_detail = _("Your role in this workspace does not allow this action.")
    default_code = "permission_denied"


class SecondFactorRequired(exceptions.PermissionDenied):
    default_detail = _("Your role in this workspace needs two-factor authentication; set it up in the browser first.")
    default_code = "mfa_required"


class _BoundWorkspace:
    """``workspace_context`` that tolerates a transaction already marked for rollback when it exits.

    An error response marks the request's transaction for rollback before the
    view returns, so resetting the session's row-level security scope would
    fail. The rollback undoes that setting anyway (PostgreSQL reverts SET in an
    aborted transaction), and ``workspace_context`` resets its context variable
    before it touches the database, so nothing stays bound.
    """

    def __init__(self, workspace):
        self._context = workspace_context(workspace)

    def __enter__(self):
        return self._context.__enter__()

    def __exit__(self, *exc_info):
        try:
            return self._context.__exit__(*exc_info)
        except TransactionManagementError:
            return False


def _allowed(access: WorkspaceAccess, capability: str) -> bool:
    return {"view": True, "edit": access.can_edit, "sign": access.can_sign, "admin": access.can_admin}[capability]


def request_language(request) -> str | None:
    """Return the language of the API response: Accept-Language first, else the user's chosen language.

    Without either, the language LocaleMiddleware chose stays active. Token
    requests need this because the middleware runs before DRF authenticates
    the token, so it cannot see the user's choice.
    """
    if request.headers.get("Accept-Language"):
        return translation.get_language_from_request(request)
    return getattr(request.user, "language", "") or None


class ApiViewSet(viewsets.GenericViewSet):
    """Base of every API viewset: messages and errors in the request's language from authentication on."""

    def dispatch(self, request, *args, **kwargs):
        # The stack outlives ``initial`` so that what it binds stays bound
        # while the handler runs and while errors are turned into responses.
        with ExitStack() as stack:
            self._request_stack = stack
            return super().dispatch(request, *args, **kwargs)

    def perform_authentication(self, request):
        # A failed authentication raises here, before the override, so its 401
        # is in the language that LocaleMiddleware took from Accept-Language.
        super().perform_authentication(request)
        language = request_language(request)
        if language:
            self._request_stack.enter_context(translation.override(language))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.headers["Content-Language"] = translation.get_language()
        return response


class WorkspaceViewSet(ApiViewSet):
    """Resolve ``workspace_slug`` like the UI's ``workspace_view`` and bind the workspace for the request.

    Order of checks: workspace access (else 404), second factor (403),
    the token's workspace (else 404), the object id in the URL inside this
    workspace (else 404), then the token's scope and the role's capability
    (403). Checking the id before the capability means a 403 never confirms
    that a foreign id exists. ``capabilities`` maps actions to the capability
    they need; safe methods need "view" and other methods "edit" by default.
    """

    capabilities: dict[str, str] = {}
    # Any id segment reaches the view, which responds to a malformed id with
    # the JSON 404 body instead of Django's HTML page for an unmatched URL.
    lookup_value_regex = "[^/]+"
    workspace_access: WorkspaceAccess

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        stack = self._request_stack
        stack.enter_context(acting_as(request.user))

        access = self._resolve_access(request, kwargs.get("workspace_slug", ""))
        self.workspace_access = access
        request.workspace = access.workspace
        stack.enter_context(_BoundWorkspace(access.workspace))
        stack.enter_context(timezone.override(access.workspace.zone))

        self._check_object_in_workspace(kwargs)
        self._check_capability(request, access)

    def _resolve_access(self, request, slug: str) -> WorkspaceAccess:
        access = resolve_access(request.user, slug)
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if access is not None and token is not None and token.workspace_id not in (None, access.workspace.pk):
            access = None
        if access is None:
            append_event(workspace_id=None, action="access_denied", object_type="tenancy.workspace",
                         object_repr=f"api:{slug}"[:200], actor=request.user)
            raise WorkspaceNotFound()
        if access.needs_mfa and not is_mfa_enabled(request.user):
            raise SecondFactorRequired()
        return access

    def _check_object_in_workspace(self, kwargs) -> None:
        lookup = self.lookup_url_kwarg or self.lookup_field
        if lookup not in kwargs:
            return
        try:
            uuid.UUID(str(kwargs[lookup]))
        except ValueError:
            raise exceptions.NotFound() from None
        if not self.get_queryset().filter(pk=kwargs[lookup]).exists():
            raise exceptions.NotFound()

    def _check_capability(self, request, access: WorkspaceAccess) -> None:
        safe = request.method in SAFE_METHODS
        capability = self.capabilities.get(self.action, "view" if safe else "edit")
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is not None and not safe and not token.can_write:
            raise ReadOnlyToken()
        if not _allowed(access, capability):
            raise MissingCapability()

    @property
    def workspace(self):
        return self.workspace_access.workspace
