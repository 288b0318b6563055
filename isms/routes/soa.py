from django.urls import path

from isms.views import soa as views

urlpatterns = [
    path("", views.soa_list, name="soa_list"),
    path("start/", views.soa_start, name="soa_start"),
    path("bulk/", views.soa_bulk, name="soa_bulk"),
    path("entries/<uuid:entry_id>/", views.soa_entry, name="soa_entry"),
    path("approve/", views.soa_approve, name="soa_approve"),
    path("versions/", views.soa_versions, name="soa_versions"),
    path("versions/<uuid:version_id>/pdf/", views.soa_version_pdf, name="soa_version_pdf"),
    path("diff/", views.soa_diff, name="soa_diff"),
    path("gap/", views.soa_gap, name="soa_gap"),
]
