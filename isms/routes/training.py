from django.urls import path

from isms.views import training as views

urlpatterns = [
    path("", views.training_list, name="training_list"),
    path("new/", views.training_course_new, name="training_course_new"),
    path("reminders/", views.training_reminders_open, name="training_reminders_open"),
    path("<uuid:course_id>/", views.training_course_detail, name="training_course_detail"),
    path("<uuid:course_id>/edit/", views.training_course_edit, name="training_course_edit"),
    path("<uuid:course_id>/sessions/new/", views.training_session_new, name="training_session_new"),
    path("attendances/<uuid:attendance_id>/certificate.pdf", views.training_certificate,
         name="training_certificate"),
]
