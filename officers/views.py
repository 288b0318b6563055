"""Officer register: officers, their qualifications, and the register's exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from officers import services
from officers.forms import CompanyProfileForm, OfficerForm, QualificationForm
from officers.models import Appointment, Officer
from officers.selectors import company_profile, register_rows, role_assessments


@workspace_view()
def register(request):
    context = {
        "officers": Officer.objects.prefetch_related("qualifications"),
        "rows": register_rows(Appointment.objects.select_related("officer", "role", "deputy")),
    }
    return render(request, "officers/register.html", context)


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def officer_new(request):
    form = OfficerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.officer_create(actor=request.user, workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Officer added."))
            return redirect("officers:register", workspace_slug=request.workspace.slug)
    return render(request, "officers/officer_form.html", {"form": form})


def _officer_page(request, officer, *, form=None, qualification_form=None, status=200):
    """Render the officer's page; a form that failed is shown again, open, with its input and errors."""
    return render(request, "officers/officer_detail.html", {
        "officer": officer, "qualifications": officer.qualifications.all(),
        "appointments": officer.appointments.select_related("role"),
        "form": form or OfficerForm(instance=officer), "qualification_form": qualification_form or QualificationForm(),
        "edit_open": form is not None, "qualification_open": qualification_form is not None,
    }, status=status)


@workspace_view()
def officer_detail(request, officer_id):
    return _officer_page(request, get_object_or_404(Officer, pk=officer_id))


@workspace_view("edit", objects={"officer_id": Officer})
@require_http_methods(["POST"])
def officer_edit(request, officer_id):
    officer = get_object_or_404(Officer, pk=officer_id)
    form = OfficerForm(request.POST, instance=officer)
    if form.is_valid():
        try:
            services.officer_update(actor=request.user, officer=get_object_or_404(Officer, pk=officer_id),
                                    values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Officer updated."))
            return redirect("officers:officer", workspace_slug=request.workspace.slug, officer_id=officer_id)
    return _officer_page(request, get_object_or_404(Officer, pk=officer_id), form=form, status=400)


@workspace_view("edit", objects={"officer_id": Officer})
@require_http_methods(["POST"])
def qualification_new(request, officer_id):
    officer = get_object_or_404(Officer, pk=officer_id)
    form = QualificationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.qualification_add(actor=request.user, officer=officer, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Qualification added."))
            return redirect("officers:officer", workspace_slug=request.workspace.slug, officer_id=officer_id)
    # NOTE: a browser cannot refill a file input; the user picks the evidence file again.
    return _officer_page(request, officer, qualification_form=form, status=400)


@workspace_view()
@require_http_methods(["GET", "POST"])
def roles(request):
    """Show which roles apply to the company from its profile, and let admins and officers edit the profile."""
    profile = company_profile(request.workspace)
    form = CompanyProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if not request.workspace_access.can_edit:
            messages.error(request, _("Your role can read the company profile but not change it."))
        elif form.is_valid():
            services.company_profile_save(actor=request.user, workspace=request.workspace, values=form.cleaned_data)
            messages.success(request, _("Company profile saved; the list of roles is updated."))
            return redirect("officers:roles", workspace_slug=request.workspace.slug)
    return render(request, "officers/roles.html", {"form": form, "assessments": role_assessments(request.workspace)})
