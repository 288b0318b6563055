from django.urls import path

from isms.views import corrective as views

urlpatterns = [
    path("", views.corrective_list, name="corrective_list"),
    path("new/", views.corrective_new, name="corrective_new"),
    path("<uuid:nonconformity_id>/", views.corrective_detail, name="corrective_detail"),
    path("<uuid:nonconformity_id>/edit/", views.corrective_edit, name="corrective_edit"),
    path("<uuid:nonconformity_id>/actions/", views.corrective_action_new, name="corrective_action_new"),
    path("<uuid:nonconformity_id>/actions/<uuid:action_id>/done/", views.corrective_action_done,
         name="corrective_action_done"),
    path("<uuid:nonconformity_id>/effectiveness/", views.corrective_check, name="corrective_check"),
    path("<uuid:nonconformity_id>/close/", views.corrective_close, name="corrective_close"),
]
