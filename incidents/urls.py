from django.urls import path

from incidents import obligation_views, settings_views, views, webhook_views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("new/", views.incident_new, name="new"),
    path("alerts/", settings_views.alert_settings, name="alert_settings"),
    path("alerts/webhooks/<uuid:endpoint_id>/", webhook_views.webhook_detail, name="webhook"),
    path("alerts/webhooks/<uuid:endpoint_id>/test/", webhook_views.webhook_test, name="webhook_test"),
    path("alerts/webhooks/<uuid:endpoint_id>/calls/<uuid:delivery_id>/resend/", webhook_views.webhook_resend_call,
         name="webhook_resend"),
    path("alerts/webhooks/<uuid:endpoint_id>/remove/", webhook_views.webhook_remove, name="webhook_remove"),
    path("alerts/webhooks/<uuid:endpoint_id>/reactivate/", webhook_views.webhook_reactivate,
         name="webhook_reactivate"),
    path("alerts/webhooks/<uuid:endpoint_id>/rotate-secret/", webhook_views.webhook_rotate, name="webhook_rotate"),
    path("notifications/", settings_views.notifications, name="notifications"),
    path("<uuid:incident_id>/", views.incident_detail, name="detail"),
    path("<uuid:incident_id>/deadlines/", views.incident_deadlines, name="deadlines"),
    path("<uuid:incident_id>/facts/", views.incident_facts, name="facts"),
    path("<uuid:incident_id>/assess/", views.incident_assess, name="assess"),
    path("<uuid:incident_id>/timeline/", views.timeline_add, name="timeline_add"),
    path("<uuid:incident_id>/close/", views.incident_close, name="close"),
    path("<uuid:incident_id>/interim-request/", obligation_views.interim_request, name="interim_request"),
    path("obligations/<uuid:obligation_id>/report/", obligation_views.report, name="report"),
    path("obligations/<uuid:obligation_id>/report.pdf", obligation_views.report_pdf, name="report_pdf"),
    path("obligations/<uuid:obligation_id>/report.txt", obligation_views.report_text, name="report_text"),
    path("obligations/<uuid:obligation_id>/submit/", obligation_views.submit, name="submit"),
    path("obligations/<uuid:obligation_id>/acknowledge/", obligation_views.acknowledge, name="acknowledge"),
]
