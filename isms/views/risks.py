"""Risk pages: list with filters, detail with management's acceptance, create and edit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from isms.forms.risk_controls import RiskControlsForm
from isms.forms.risks import AcceptForm, RiskFilterForm, RiskForm
from isms.models import Risk
from isms.services.risks import acceptance_sha256, methodology_for, risk_accept, risk_create, risk_update
from isms.services.risk_controls import risk_controls_set
from isms.services.risks.queries import filtered_risks

PAGE_SIZE = 50


def _risk(risk_id) -> Risk:
    return get_object_or_404(Risk.objects.select_related("owner", "treatment_owner", "current_acceptance"),
                             pk=risk_id)


def _to_risk(request, risk_id):
    return redirect("isms:risk_detail", workspace_slug=request.workspace.slug, risk_id=risk_id)


def _row(risk: Risk, methodology) -> dict:
    residual_band = methodology.band_for(risk.residual_score)
    current_band = residual_band or methodology.band_for(risk.inherent_score)
    return {"risk": risk, "inherent_band": methodology.band_for(risk.inherent_score), "residual_band": residual_band,
            "awaiting_acceptance": methodology.exceeds_acceptance(current_band) and risk.current_acceptance_id is None}


@workspace_view()
@require_http_methods(["GET"])
def risk_list(request):
    methodology = methodology_for(request.workspace)
    form = RiskFilterForm(request.GET or None)
    page = Paginator(filtered_risks(methodology, form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "isms/risks/list.html", {
        "form": form, "page": page, "rows": [_row(risk, methodology) for risk in page],
        "query": query.urlencode(), "methodology": methodology,
    })


def _detail_page(request, risk: Risk, *, accept_form=None, status=200):
    methodology = methodology_for(request.workspace)
    if accept_form is None and risk.residual_score is not None and risk.current_acceptance_id is None:
        accept_form = AcceptForm(initial={"confirmed_sha256": acceptance_sha256(risk, methodology)})
    return render(request, "isms/risks/detail.html", {
        "risk": risk, "row": _row(risk, methodology), "methodology": methodology,
        "likelihood_levels": methodology.likelihood_levels, "impact_levels": methodology.impact_levels,
        "assets": risk.assets.order_by("name"),
        "acceptances": risk.acceptances.select_related("accepted_by"), "accept_form": accept_form,
    }, status=status)


@workspace_view(objects={"risk_id": Risk})
@require_http_methods(["GET"])
def risk_detail(request, risk_id):
    return _detail_page(request, _risk(risk_id))


@workspace_view("edit")
@require_http_methods(["GET", "POST"])
def risk_new(request):
    methodology = methodology_for(request.workspace)
    form = RiskForm(request.POST or None, methodology=methodology)
    if request.method == "POST" and form.is_valid():
        try:
            risk = risk_create(actor=request.user, workspace=request.workspace, methodology=methodology,
                               assets=form.cleaned_data["assets"], **form.values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Risk saved."))
            return _to_risk(request, risk.pk)
    return render(request, "isms/risks/form.html", {"form": form, "risk": None, "methodology": methodology},
                  status=400 if form.errors else 200)


@workspace_view("edit", objects={"risk_id": Risk})
@require_http_methods(["GET", "POST"])
def risk_edit(request, risk_id):
    methodology = methodology_for(request.workspace)
    risk = _risk(risk_id)
    form = RiskForm(request.POST or None, instance=risk, methodology=methodology)
    if request.method == "POST" and form.is_valid():
        try:
            updated = risk_update(actor=request.user, risk=_risk(risk_id), methodology=methodology,
                                  values=form.values(), assets=form.cleaned_data["assets"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if risk.current_acceptance_id is not None and updated.current_acceptance_id is None:
                messages.warning(request, _("The change voided management's acceptance of the residual risk."))
            messages.success(request, _("Risk saved."))
            return _to_risk(request, risk.pk)
    return render(request, "isms/risks/form.html", {"form": form, "risk": risk, "methodology": methodology},
                  status=400 if form.errors else 200)


@workspace_view("sign", objects={"risk_id": Risk})
@require_POST
def risk_accept_view(request, risk_id):
    risk = _risk(risk_id)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            risk_accept(actor=request.user, risk=risk, methodology=methodology_for(request.workspace),
                        confirmed_sha256=form.cleaned_data["confirmed_sha256"],
                        password=form.cleaned_data["password"], otp_code=form.cleaned_data["otp_code"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Residual risk accepted."))
            return _to_risk(request, risk.pk)
    return _detail_page(request, _risk(risk_id), accept_form=form, status=400)


@workspace_view("edit", objects={"risk_id": Risk})
@require_POST
def risk_controls(request, risk_id):
    risk = _risk(risk_id)
    form = RiskControlsForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors.get("controls", [])))
        return _to_risk(request, risk.pk)
    try:
        risk_controls_set(actor=request.user, risk=risk, entries=form.cleaned_data["controls"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Controls of the risk saved."))
    return _to_risk(request, risk.pk)
