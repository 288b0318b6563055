"""The risk methodology page and its edit form, which requests level mappings when a used scale changes length."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.risk_methodology import AXES, MethodologyForm
from isms.services.risks import methodology_for, methodology_update
from isms.services.risks.methodology import used_levels


@workspace_view()
@require_http_methods(["GET"])
def risk_methodology(request):
    methodology = methodology_for(request.workspace)
    bands = [(band, methodology.score_range(band)) for band in ("low", "medium", "high", "critical")]
    return render(request, "isms/risks/methodology.html", {"methodology": methodology, "bands": bands})


def _mapping_axes(error: ValidationError) -> list[str]:
    fields = getattr(error, "error_dict", {})
    return [axis for axis in AXES if f"{axis}_mapping" in fields]


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def risk_methodology_edit(request):
    methodology = methodology_for(request.workspace)
    mapping_axes = [axis for axis in AXES if request.POST.get(f"{axis}_mapping_shown")]
    form = MethodologyForm(request.POST or None, methodology=methodology, mapping_axes=mapping_axes)
    if request.method == "POST" and form.is_valid():
        try:
            methodology_update(actor=request.user, methodology=methodology, **form.service_arguments())
        except ValidationError as error:
            needed = _mapping_axes(error)
            if needed and set(needed) - set(mapping_axes):
                # Show the mapping fields, keeping what the officer typed, and explain why they appeared.
                form = MethodologyForm(request.POST, methodology=methodology,
                                       mapping_axes=sorted(set(mapping_axes) | set(needed)))
                form.is_valid()
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Risk methodology saved."))
            return redirect("isms:risk_methodology", workspace_slug=request.workspace.slug)
    in_use = {axis: used_levels(axis) for axis in AXES}
    return render(request, "isms/risks/methodology_form.html",
                  {"form": form, "methodology": methodology, "in_use": in_use},
                  status=400 if form.errors else 200)
