"""Workspace pages: dashboard, settings, members and invitations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civac.tenancy.decorators import workspace_view
from civac.tenancy.forms import InvitationForm, WorkspaceForm
from civac.tenancy.models import Invitation, Membership
from civac.tenancy.services import invitation_create, workspace_update
from civac.web.formtools import apply_service_errors
from incidents.selectors import open_obligations
from officers.selectors import roles_without_appointment


@workspace_view()
def dashboard(request):
    context = {
        "obligations": open_obligations()[:10],
        "role_gaps": roles_without_appointment(),
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
    context = {
        "form": form,
        "memberships": Membership.objects.select_related("user").order_by("user__email"),
        "invitations": Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=timezone.now()),
    }
    return render(request, "tenancy/members.html", context)
