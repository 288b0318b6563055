"""Platform pages outside any single workspace: home, profile, health, invitations."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civac.tenancy.access import accessible_workspaces
from civac.tenancy.forms import WorkspaceCreateForm
from civac.tenancy.models import Invitation, Workspace
from civac.tenancy.services import invitation_accept, workspace_create
from civac.web.formtools import apply_service_errors
from civac.web.forms import ProfileForm


@login_required
def home(request):
    workspaces = accessible_workspaces(request.user)
    return render(request, "web/home.html", {"workspaces": workspaces})


@login_required
@require_http_methods(["GET", "POST"])
def workspace_new(request):
    form = WorkspaceCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            workspace = workspace_create(actor=request.user, slug=data.pop("slug"),
                                         legal_name=data.pop("legal_name"), **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Workspace created."))
            return redirect("workspace_dashboard", workspace_slug=workspace.slug)
    return render(request, "web/workspace_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings were saved."))
        return redirect("profile")
    return render(request, "web/profile.html", {"form": form})


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    found = Invitation.all_workspaces.select_related("workspace").filter(token=token).first()
    if found is None:
        raise Http404("invitation not found")
    if not request.user.is_authenticated:
        request.session["invitation_token"] = token
        return render(request, "web/invitation_anonymous.html", {"invitation": found})
    if request.method == "POST":
        try:
            invitation_accept(user=request.user, invitation=found)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You joined %(workspace)s.") % {"workspace": found.workspace.legal_name})
            return redirect("workspace_dashboard", workspace_slug=found.workspace.slug)
    return render(request, "web/invitation.html", {"invitation": found})


def healthz(request):
    """Liveness for load balancers: database reachable and age of the last alert tick."""
    from incidents.models import EngineHeartbeat

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    beat = EngineHeartbeat.objects.filter(name="alerts").first()
    age = (timezone.now() - beat.last_tick_at).total_seconds() if beat else None
    stale_after = timedelta(seconds=settings.ALERT_TICK_SECONDS * 4).total_seconds()
    healthy = age is not None and age <= stale_after
    body = {"status": "ok" if healthy else "degraded", "database": "ok",
            "last_alert_tick_age_seconds": round(age, 1) if age is not None else None,
            "alert_tick_stale_after_seconds": stale_after}
    return JsonResponse(body, status=200 if healthy else 503)


def floor(request):
    """The benchmark floor: full middleware and one indexed query, to compare every page against.

    Served only when ``CIVAC_BENCH_FLOOR`` is set, so a normal deployment answers 404.
    """
    if not settings.BENCH_FLOOR:
        raise Http404("benchmark floor is off")
    found = Workspace.objects.filter(slug=request.GET.get("slug", "")).exists()
    return HttpResponse("found" if found else "absent", content_type="text/plain")
