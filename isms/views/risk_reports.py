"""The heat maps and the risk treatment plan with its XLSX and PDF exports."""

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from civac.tenancy.decorators import workspace_view
from isms.services.risks import methodology_for, treatment_plan_pdf, treatment_plan_xlsx
from isms.services.risks.exports import treatment_plan_rows
from isms.services.risks.queries import heat_map, unrated_residual

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@workspace_view()
@require_http_methods(["GET"])
def risk_heat_map(request):
    methodology = methodology_for(request.workspace)
    maps = [{"basis": basis, "rows": heat_map(methodology, basis)} for basis in ("inherent", "residual")]
    return render(request, "isms/risks/heat_map.html",
                  {"methodology": methodology, "maps": maps, "unrated_residual": unrated_residual()})


@workspace_view()
@require_http_methods(["GET"])
def risk_treatment_plan(request):
    methodology = methodology_for(request.workspace)
    return render(request, "isms/risks/treatment_plan.html",
                  {"rows": treatment_plan_rows(methodology), "today": timezone.localdate()})


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@workspace_view()
@require_http_methods(["GET"])
def risk_treatment_plan_xlsx(request):
    data = treatment_plan_xlsx(actor=request.user, workspace=request.workspace,
                               methodology=methodology_for(request.workspace))
    return _attachment(data, XLSX_TYPE, f"risk-treatment-plan-{timezone.localdate().isoformat()}.xlsx")


@transaction.non_atomic_requests
@workspace_view()
@require_http_methods(["GET"])
def risk_treatment_plan_pdf(request):
    # Not one request transaction: rendering the PDF is slow and must not hold the audit chain's row lock.
    data = treatment_plan_pdf(actor=request.user, workspace=request.workspace,
                              methodology=methodology_for(request.workspace))
    return _attachment(data, "application/pdf", f"risk-treatment-plan-{timezone.localdate().isoformat()}.pdf")
