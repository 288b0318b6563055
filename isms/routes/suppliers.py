from django.urls import path

from isms.routes.imports import register_patterns
from isms.views import suppliers as views

urlpatterns = [
    path("", views.supplier_list, name="supplier_list"),
    path("new/", views.supplier_new, name="supplier_new"),
    path("<uuid:supplier_id>/", views.supplier_detail, name="supplier_detail"),
    path("<uuid:supplier_id>/edit/", views.supplier_edit, name="supplier_edit"),
    path("<uuid:supplier_id>/review/", views.supplier_review, name="supplier_review"),
    path("<uuid:supplier_id>/assessments/new/", views.supplier_assessment_new, name="supplier_assessment_new"),
    path("assessments/<uuid:assessment_id>/", views.supplier_assessment_detail, name="supplier_assessment_detail"),
    path("assessments/<uuid:assessment_id>/withdraw/", views.supplier_assessment_withdraw,
         name="supplier_assessment_withdraw"),
    *register_patterns("supplier"),
]
