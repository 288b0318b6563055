"""The ISMS scope statement: the current version, editing the draft, approval by management, history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.context import ScopeApproveForm, ScopeForm
from isms.models import ScopeVersion
from isms.services import context as services

PAGE_SIZE = 25


def _to_scope(request):
    return redirect("isms:context_scope", workspace_slug=request.workspace.slug)


def _scope_page(request, *, approve_form=None, status=200):
    version = services.current_scope_version()
    approve_form = approve_form or (ScopeApproveForm(initial={"revision": version.revision})
                                    if version is not None and version.is_draft else None)
    return render(request, "isms/context/scope.html", {
        "version": version, "approve_form": approve_form,
        "approved": services.latest_approved_scope_version() if version is not None and version.is_draft else None,
    }, status=status)


@workspace_view()
def scope_current(request):
    return _scope_page(request)


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def scope_edit(request):
    current = services.current_scope_version()
    form = ScopeForm(request.POST or None, initial=ScopeForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        based_on = form.cleaned_data["based_on"]
        based_on_version = ScopeVersion.objects.filter(pk=based_on).first() if based_on else None
        try:
            services.scope_draft_save(actor=request.user, workspace=request.workspace, values=form.scope_values(),
                                      based_on=based_on_version, revision=form.cleaned_data["revision"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Scope draft saved."))
            return _to_scope(request)
    return render(request, "isms/context/scope_form.html", {"form": form, "current": current},
                  status=400 if form.errors else 200)


@workspace_view("sign", objects={"version_id": ScopeVersion})
@require_POST
def scope_approve(request, version_id):
    version = get_object_or_404(ScopeVersion, pk=version_id)
    form = ScopeApproveForm(request.POST)
    if form.is_valid():
        try:
            services.scope_approve(actor=request.user, version=version, revision=form.cleaned_data["revision"],
                                   password=form.cleaned_data["password"], otp_code=form.cleaned_data["otp_code"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Scope version %(number)s approved.") % {"number": version.number})
            return _to_scope(request)
    return _scope_page(request, approve_form=form, status=400)


@workspace_view()
def scope_history(request):
    versions = ScopeVersion.objects.select_related("approved_by").order_by("-number")
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "isms/context/scope_history.html", {"page": page})


@workspace_view(objects={"version_id": ScopeVersion})
def scope_version(request, version_id):
    version = get_object_or_404(ScopeVersion.objects.select_related("approved_by"), pk=version_id)
    # Recomputing the hash shows an auditor whether the stored text still matches what was approved.
    intact = not version.is_draft and services.scope_content_sha256(version) == version.content_sha256
    return render(request, "isms/context/scope_version.html", {"version": version, "intact": intact})
