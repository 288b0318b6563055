from django.urls import path

from isms.views import evidence as views

urlpatterns = [
    path("", views.evidence_list, name="evidence_list"),
    path("subjects/<uuid:subject_id>/upload/", views.evidence_upload, name="evidence_upload"),
    path("<uuid:evidence_id>/download/", views.evidence_download, name="evidence_download"),
    path("<uuid:evidence_id>/withdraw/", views.evidence_withdraw, name="evidence_withdraw"),
]
