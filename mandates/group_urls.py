"""Corporate group routes inside the parent workspace (/w/<slug>/group/)."""

from django.urls import path

from mandates import group_views

app_name = "groups"
urlpatterns = [
    path("", group_views.group_manage, name="manage"),
    path("subsidiaries/", group_views.group_subsidiary_add, name="subsidiary_add"),
    path("subsidiaries/<uuid:subsidiary_id>/remove/", group_views.group_subsidiary_remove,
         name="subsidiary_remove"),
]
