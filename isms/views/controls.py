"""Pages of the controls area: the Annex A catalogue with the §30 mapping, and a workspace's own controls."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.controls import OwnControlForm
from isms.models import CatalogueControl, MeasureArea, OwnControl, OwnControlArea
from isms.services.controls import own_control_create, own_control_update


@workspace_view()
def controls_list(request):
    catalogue = CatalogueControl.objects.filter(is_current=True).prefetch_related("measure_areas")
    own = OwnControl.objects.prefetch_related(
        Prefetch("area_links", queryset=OwnControlArea.objects.select_related("area"))
    ).select_related("soa_entry")
    return render(request, "isms/controls/list.html", {
        "catalogue": catalogue, "own_controls": own, "areas": MeasureArea.objects.prefetch_related("controls"),
    })


def _to_list(request):
    return redirect("isms:controls_list", workspace_slug=request.workspace.slug)


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def controls_own_new(request):
    form = OwnControlForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            own_control_create(actor=request.user, workspace=request.workspace, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Control added; assess it in the Statement of Applicability."))
            return _to_list(request)
    return render(request, "isms/controls/own_form.html", {"form": form, "control": None},
                  status=400 if form.errors else 200)


@workspace_view("edit", objects={"control_id": OwnControl})
@require_http_methods(["GET", "POST"])
def controls_own_edit(request, control_id):
    control = get_object_or_404(OwnControl, pk=control_id)
    initial = {"ref": control.ref, "title": control.title, "description": control.description,
               "theme": control.theme, "measure_areas": list(control.measure_areas.all())}
    form = OwnControlForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            own_control_update(actor=request.user, control=control, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Control saved."))
            return _to_list(request)
    return render(request, "isms/controls/own_form.html", {"form": form, "control": control},
                  status=400 if form.errors else 200)
