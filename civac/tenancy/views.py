"""Workspace pages: dashboard, settings, members and invitations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.tenancy.forms import InvitationForm, WorkspaceForm
from civac.tenancy.mfa import mfa_exception_record, mfa_exception_remove, users_with_second_factor
from civac.tenancy.models import Invitation, Membership, MfaException
from civac.tenancy.roles import MFA_REQUIRED_ROLES, Role
from civac.tenancy.services import (
    invitation_create,
    invitation_revoke,
    membership_change_role,
    membership_remove,
    workspace_update,
)
from civac.web.formtools import apply_service_errors
from incidents.selectors import open_obligations
from isms.services.approvals import pending_for_management
from mandates.group_overview import groups_of_workspace
from mandates.selectors import partner_staff_users
from officers.selectors import roles_without_appointment


@workspace_view()
def dashboard(request):
    context = {
        "management_pending": pending_for_management(request.workspace),
        "obligations": open_obligations()[:10],
        "role_gaps": roles_without_appointment(),
        "company_groups": groups_of_workspace(request.workspace),
        "now": timezone.now(),
    }
    return render(request, "tenancy/dashboard.html", context)


@workspace_view("admin")
@require_http_methods(["GET", "POST"])
def workspace_settings(request):
    form = WorkspaceForm(request.POST or None, instance=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            workspace_update(actor=request.user, workspace=request.workspace, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Workspace settings saved."))
            return redirect("workspace_settings", workspace_slug=request.workspace.slug)
    return render(request, "tenancy/settings.html", {"form": form})


@workspace_view()
@require_http_methods(["GET", "POST"])
def members(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not request.workspace_access.can_admin:
            messages.error(request, _("Only workspace admins can invite members."))
            return redirect("workspace_members", workspace_slug=request.workspace.slug)
        if form.is_valid():
            try:
                invitation_create(actor=request.user, workspace=request.workspace, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % form.cleaned_data)
                return redirect("workspace_members", workspace_slug=request.workspace.slug)
    memberships = list(Membership.objects.select_related("user").order_by("user__email"))
    staff = list(partner_staff_users(request.workspace))
    context = {
        "form": form,
        "memberships": memberships,
        "partner_staff": staff,
        "people": _people(memberships, staff, request.workspace),
        "invitations": Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=timezone.now()),
        "roles": [choice for choice in Role.choices if choice[0] != Role.PARTNER_STAFF],
    }
    return render(request, "tenancy/members.html", context)


def _people(memberships, staff, workspace) -> list[dict]:
    """List members and partner staff with their second-factor state.

    The state is "enabled", "exception" (with the record), "missing" where the
    role or the workspace requires a second factor, else "optional".
    """
    rows = [{"user": m.user, "membership": m, "role": m.role} for m in memberships]
    member_ids = {m.user_id for m in memberships}
    rows += [{"user": user, "membership": None, "role": Role.PARTNER_STAFF} for user in staff
             if user.pk not in member_ids]
    enabled = users_with_second_factor([row["user"] for row in rows])
    exceptions = {exception.user_id: exception for exception in MfaException.objects.select_related("recorded_by")}
    for row in rows:
        user_id = row["user"].pk
        row["role_label"] = Role(row["role"]).label
        row["exception"] = exceptions.get(user_id)
        if user_id in enabled:
            row["factor"] = "enabled"
        elif row["exception"]:
            row["factor"] = "exception"
        elif row["role"] in MFA_REQUIRED_ROLES or workspace.require_mfa:
            row["factor"] = "missing"
        else:
            row["factor"] = "optional"
    return rows


@workspace_view("admin")
@require_POST
def mfa_exception_create(request):
    people = {str(m.user_id): m.user for m in Membership.objects.select_related("user")}
    people |= {str(user.pk): user for user in partner_staff_users(request.workspace)}
    user = people.get(request.POST.get("user", ""))
    if user is None:
        messages.error(request, _("Choose a member or partner staff of this workspace for the exception."))
        return _to_members(request)
    try:
        mfa_exception_record(actor=request.user, workspace=request.workspace, user=user,
                             reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Exception recorded for %(email)s.") % {"email": user.email})
    return _to_members(request)


@workspace_view("admin", objects={"exception_id": MfaException})
@require_POST
def mfa_exception_delete(request, exception_id):
    exception = get_object_or_404(MfaException.objects.select_related("user"), pk=exception_id)
    mfa_exception_remove(actor=request.user, exception=exception)
    messages.success(request, _("Exception removed; %(email)s needs two-factor authentication again.")
                     % {"email": exception.user.email})
    return _to_members(request)


def _to_members(request):
    return redirect("workspace_members", workspace_slug=request.workspace.slug)


@workspace_view("admin", objects={"membership_id": Membership})
@require_POST
def member_update(request, membership_id):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id)
    try:
        if request.POST.get("remove"):
            membership_remove(actor=request.user, membership=membership)
            messages.success(request, _("%(email)s was removed; their sessions were ended.")
                             % {"email": membership.user.email})
        else:
            membership_change_role(actor=request.user, membership=membership, role=request.POST.get("role", ""))
            messages.success(request, _("Role changed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_members(request)


@workspace_view("admin", objects={"invitation_id": Invitation})
@require_POST
def invitation_delete(request, invitation_id):
    try:
        invitation_revoke(actor=request.user, invitation=get_object_or_404(Invitation, pk=invitation_id))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invitation revoked."))
    return _to_members(request)
