from django.urls import path

from isms.views import controls as views

urlpatterns = [
    path("", views.controls_list, name="controls_list"),
    path("own/new/", views.controls_own_new, name="controls_own_new"),
    path("own/<uuid:control_id>/", views.controls_own_edit, name="controls_own_edit"),
]
