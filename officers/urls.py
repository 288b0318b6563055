from django.urls import path

from officers import views

app_name = "officers"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.officer_new, name="officer_new"),
    path("appointments/new/", views.appointment_new, name="appointment_new"),
    path("appointments/<uuid:appointment_id>/", views.appointment_detail, name="appointment"),
    path("appointments/<uuid:appointment_id>/issue/", views.certificate_issue, name="certificate_issue"),
    path("certificates/<uuid:certificate_id>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<uuid:certificate_id>/sign/", views.certificate_sign, name="certificate_sign"),
]
