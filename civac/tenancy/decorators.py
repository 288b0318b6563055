from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.defaults import page_not_found
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.tenancy.access import resolve_access
from civac.tenancy.context import workspace_context

_CAPABILITIES = {"view", "edit", "sign", "admin"}


def workspace_view(capability: str = "view", *, objects: dict | None = None):
    """Bind the workspace named in the URL for the view, or respond with 404.

    A user without access gets 404, not 403, so ids of other workspaces reveal
    nothing. ``objects`` maps URL parameters to tenant models; each id must
    exist in this workspace (else 404) before a member without the capability
    gets 403, so a 403 never confirms that a foreign id exists. The
    workspace's time zone is activated so templates show local times.
    """
    if capability not in _CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, workspace_slug, *args, **kwargs):
            access = resolve_access(request.user, workspace_slug)
            if access is None:
                _audit_denied(request.user, workspace_slug)
                # Returned, not raised: a raised 404 would roll back the request's
                # transaction and the audit event with it.
                return page_not_found(request, Http404("workspace not found"))
            if access.needs_mfa and not is_mfa_enabled(request.user):
                messages.warning(
                    request,
                    _("As %(role)s in %(workspace)s you need two-factor authentication. Set it up to continue.")
                    % {"role": access.role_label, "workspace": access.workspace.legal_name},
                )
                return redirect("mfa_activate_totp")
            request.workspace_access = access
            request.workspace = access.workspace
            with workspace_context(access.workspace), timezone.override(access.workspace.zone):
                for parameter, model in (objects or {}).items():
                    if not model.objects.filter(pk=kwargs[parameter]).exists():
                        raise Http404(f"{model._meta.model_name} not found")
                if not _allowed(access, capability):
                    raise PermissionDenied
                return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _audit_denied(user, slug: str) -> None:
    """Record on the platform chain that a signed-in user asked for a workspace outside their access.

    Partner staff whose mandate ended and guessed slugs both land here, so an
    operator can see attempts while the 404 tells the user nothing.
    """
    append_event(workspace_id=None, action="access_denied", object_type="tenancy.workspace",
                 object_repr=slug[:200], actor=user)


def _allowed(access, capability: str) -> bool:
    return {
        "view": True,
        "edit": access.can_edit,
        "sign": access.can_sign,
        "admin": access.can_admin,
    }[capability]
