from django.urls import path

from officers import appointment_views, export_views, views

app_name = "officers"
urlpatterns = [
    path("", views.register, name="register"),
    path("export.xlsx", export_views.register_xlsx, name="register_xlsx"),
    path("export.pdf", export_views.register_pdf, name="register_pdf"),
    path("new/", views.officer_new, name="officer_new"),
    path("roles/", views.roles, name="roles"),
    path("people/<uuid:officer_id>/", views.officer_detail, name="officer"),
    path("people/<uuid:officer_id>/edit/", views.officer_edit, name="officer_edit"),
    path("people/<uuid:officer_id>/qualifications/", views.qualification_new, name="qualification_new"),
    path("appointments/new/", appointment_views.appointment_new, name="appointment_new"),
    path("appointments/<uuid:appointment_id>/", appointment_views.appointment_detail, name="appointment"),
    path("appointments/<uuid:appointment_id>/issue/", appointment_views.certificate_issue, name="certificate_issue"),
    path("appointments/<uuid:appointment_id>/end/", appointment_views.appointment_end, name="appointment_end"),
    path("appointments/<uuid:appointment_id>/revoke/", appointment_views.appointment_revoke,
         name="appointment_revoke"),
    path("appointments/<uuid:appointment_id>/reissue/", appointment_views.appointment_reissue,
         name="appointment_reissue"),
    path("certificates/<uuid:certificate_id>/pdf/", appointment_views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<uuid:certificate_id>/sign/", appointment_views.certificate_sign, name="certificate_sign"),
]
