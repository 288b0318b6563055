from django.urls import path

from incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("new/", views.incident_new, name="new"),
    path("<uuid:incident_id>/", views.incident_detail, name="detail"),
    path("<uuid:incident_id>/deadlines/", views.incident_deadlines, name="deadlines"),
    path("obligations/<uuid:obligation_id>/submit/", views.obligation_submit, name="submit"),
    path("obligations/<uuid:obligation_id>/acknowledge/", views.obligation_acknowledge, name="acknowledge"),
]
