from django.urls import path

from isms.routes.imports import register_patterns
from isms.views import risk_methodology, risk_reports
from isms.views import risks as views

urlpatterns = [
    path("", views.risk_list, name="risk_list"),
    path("new/", views.risk_new, name="risk_new"),
    path("heat-map/", risk_reports.risk_heat_map, name="risk_heat_map"),
    path("treatment-plan/", risk_reports.risk_treatment_plan, name="risk_treatment_plan"),
    path("treatment-plan/xlsx/", risk_reports.risk_treatment_plan_xlsx, name="risk_treatment_plan_xlsx"),
    path("treatment-plan/pdf/", risk_reports.risk_treatment_plan_pdf, name="risk_treatment_plan_pdf"),
    path("methodology/", risk_methodology.risk_methodology, name="risk_methodology"),
    path("methodology/edit/", risk_methodology.risk_methodology_edit, name="risk_methodology_edit"),
    path("<uuid:risk_id>/", views.risk_detail, name="risk_detail"),
    path("<uuid:risk_id>/edit/", views.risk_edit, name="risk_edit"),
    path("<uuid:risk_id>/accept/", views.risk_accept_view, name="risk_accept"),
    path("<uuid:risk_id>/controls/", views.risk_controls, name="risk_controls"),
    *register_patterns("risk"),
]
