from django.urls import path

from isms.views import policies as views

urlpatterns = [
    path("", views.policy_list, name="policy_list"),
    path("new/", views.policy_new, name="policy_new"),
    path("to-confirm/", views.my_confirmations, name="policy_my_confirmations"),
    path("<uuid:policy_id>/", views.policy_detail, name="policy_detail"),
    path("<uuid:policy_id>/edit/", views.policy_edit, name="policy_edit"),
    path("<uuid:policy_id>/draft/", views.policy_draft, name="policy_draft"),
    path("versions/<uuid:version_id>/", views.version_detail, name="policy_version"),
    path("versions/<uuid:version_id>/approve/", views.version_approve, name="policy_version_approve"),
    path("versions/<uuid:version_id>/confirm/", views.version_confirm, name="policy_version_confirm"),
    path("versions/<uuid:version_id>/status/", views.version_status, name="policy_version_status"),
]
