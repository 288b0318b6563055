"""Mandate routes inside a client workspace (/w/<slug>/mandates/)."""

from django.urls import path

from mandates import onboarding_views, query_views, views

app_name = "mandates"
urlpatterns = [
    path("", views.mandate_list, name="list"),
    path("new/", views.mandate_new, name="new"),
    path("<uuid:mandate_id>/", views.mandate_detail, name="detail"),
    path("<uuid:mandate_id>/edit/", views.mandate_edit, name="edit"),
    path("<uuid:mandate_id>/sign/", views.mandate_sign, name="sign"),
    path("<uuid:mandate_id>/end/", views.mandate_end, name="end"),
    path("<uuid:mandate_id>/handover/", views.mandate_handover, name="handover"),
    path("<uuid:mandate_id>/handover/archive.zip", views.handover_download, name="handover_download"),
    path("<uuid:mandate_id>/time/", views.time_entry_new, name="time_entry_new"),
    path("<uuid:mandate_id>/onboarding/", onboarding_views.onboarding, name="onboarding"),
    path("<uuid:mandate_id>/onboarding/start/", onboarding_views.onboarding_start, name="onboarding_start"),
    path("<uuid:mandate_id>/queries/", query_views.query_list, name="query_list"),
    path("<uuid:mandate_id>/queries/new/", query_views.query_new, name="query_new"),
    path("queries/<uuid:query_id>/", query_views.query_detail, name="query_detail"),
    path("queries/<uuid:query_id>/answer/", query_views.query_answer_view, name="query_answer"),
    path("phases/<uuid:phase_id>/complete/", onboarding_views.phase_complete, name="phase_complete"),
    path("onboarding-tasks/<uuid:onboardingtask_id>/done/", onboarding_views.task_done, name="onboarding_task_done"),
]
