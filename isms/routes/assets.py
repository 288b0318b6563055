from django.urls import path

from isms.routes.imports import register_patterns
from isms.views import assets as views

urlpatterns = [
    path("", views.asset_list, name="asset_list"),
    path("new/", views.asset_new, name="asset_new"),
    path("<uuid:asset_id>/", views.asset_detail, name="asset_detail"),
    path("<uuid:asset_id>/edit/", views.asset_edit, name="asset_edit"),
    *register_patterns("asset"),
]
