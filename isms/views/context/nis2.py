"""NIS-2 classification under §28 BSIG and the §33 registration checklist."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.context import AdoptForm, Nis2FactsForm, RegistrationForm
from isms.services import context as services
from isms.services.context.nis2 import CHANGE_REPORT_DAYS, FACT_FIELDS, WORKSPACE_FACT_FIELDS


def _facts_initial(workspace, facts) -> dict:
    initial = {name: getattr(workspace, name) for name in WORKSPACE_FACT_FIELDS}
    initial.update({name: getattr(facts, name) for name in FACT_FIELDS})
    return initial


def _classification_page(request, *, form=None, adopt_form=None, status=200):
    workspace = request.workspace
    facts = services.nis2_facts_for(workspace)
    result = services.nis2_classify_workspace(workspace)
    form = form or Nis2FactsForm(initial=_facts_initial(workspace, facts))
    if not request.workspace_access.can_edit:
        for field in form.fields.values():
            field.disabled = True
    adopt_form = adopt_form or AdoptForm(initial={"expected_category": result.category})
    return render(request, "isms/context/classification.html", {
        "facts": facts, "result": result, "form": form, "adopt_form": adopt_form,
        "adopted": workspace.nis2_category == result.category,
    }, status=status)


@workspace_view()
@require_http_methods(["GET", "POST"])
def classification(request):
    if request.method == "GET":
        return _classification_page(request)
    if not request.workspace_access.can_edit:
        raise PermissionDenied
    form = Nis2FactsForm(request.POST)
    if form.is_valid():
        try:
            services.nis2_facts_save(actor=request.user, workspace=request.workspace, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("NIS-2 facts saved; check the result below."))
            return redirect("isms:context_classification", workspace_slug=request.workspace.slug)
    return _classification_page(request, form=form, status=400)


@workspace_view("edit")
@require_POST
def classification_adopt(request):
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            services.nis2_category_adopt(actor=request.user, workspace=request.workspace,
                                         expected_category=form.cleaned_data["expected_category"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The workspace's NIS-2 category now follows the result."))
            return redirect("isms:context_classification", workspace_slug=request.workspace.slug)
    return _classification_page(request, adopt_form=form, status=400)


@workspace_view()
@require_http_methods(["GET", "POST"])
def registration(request):
    workspace = request.workspace
    facts = services.nis2_facts_for(workspace)
    items = services.registration_items(workspace)
    form = RegistrationForm(request.POST or None, items=items,
                            suggestions=services.registration_suggestions(workspace, facts))
    if request.method == "POST" and workspace.is_nis2_entity:
        if not request.workspace_access.can_edit:
            raise PermissionDenied
        if form.is_valid():
            services.registration_save(actor=request.user, workspace=workspace, entries=form.entries())
            messages.success(request, _("Registration checklist saved."))
            return redirect("isms:context_registration", workspace_slug=workspace.slug)
    due_on = services.registration_due_on(facts)
    return render(request, "isms/context/registration.html", {
        "facts": facts, "form": form, "due_on": due_on, "today": timezone.localdate(),
        "complete_count": sum(1 for item in items if item.is_complete), "item_count": len(items),
        "change_report_days": CHANGE_REPORT_DAYS,
    })
