from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from civac.api import account_views as api_account_views
from civac.audit import views as audit_views
from civac.tenancy import views as tenancy_views
from civac.web import views as web_views
from incidents import settings_views as incident_settings_views
from isms.views import supplier_questionnaire
from mandates import group_views
from isms.views import tasks_mine as task_views
from officers import public_views as officer_public_views

workspace_patterns = [
    path("", tenancy_views.dashboard, name="workspace_dashboard"),
    path("settings/", tenancy_views.workspace_settings, name="workspace_settings"),
    path("members/", tenancy_views.members, name="workspace_members"),
    path("members/<uuid:membership_id>/", tenancy_views.member_update, name="workspace_member_update"),
    path("members/mfa-exceptions/", tenancy_views.mfa_exception_create, name="workspace_mfa_exception_create"),
    path("members/mfa-exceptions/<uuid:exception_id>/remove/", tenancy_views.mfa_exception_delete,
         name="workspace_mfa_exception_delete"),
    path("invitations/<uuid:invitation_id>/revoke/", tenancy_views.invitation_delete,
         name="workspace_invitation_revoke"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("officers/", include("officers.urls")),
    path("mandates/", include("mandates.urls")),
    path("group/", include("mandates.group_urls")),
    path("incidents/", include("incidents.urls")),
    path("reports/", include("reporting.urls")),
    path("", include("isms.urls")),
]

# The admin signs in through allauth: the same rate limits and second factor as everywhere else.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.healthz, name="healthz"),
    path("_floor", web_views.floor, name="bench_floor"),
    path("accounts/", include("allauth.urls")),
    path("account/profile/", web_views.profile, name="profile"),
    path("account/calendar/", incident_settings_views.calendar_feeds, name="calendar_feeds"),
    path("account/tasks/", task_views.my_tasks, name="my_tasks"),
    path("account/api-tokens/", api_account_views.api_tokens, name="api_tokens"),
    path("account/api-tokens/<uuid:token_id>/revoke/", api_account_views.api_token_revoke, name="api_token_revoke"),
    path("calendar/<str:token>.ics", incident_settings_views.calendar_feed, name="calendar_feed"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("civac.api.urls")),
    path("workspaces/new/", web_views.workspace_new, name="workspace_new"),
    path("invitations/<str:token>/", web_views.invitation, name="invitation_accept"),
    path("verify/", officer_public_views.verify_form, name="verify_certificate"),
    path("verify/<str:code>/", officer_public_views.verify_code, name="verify_certificate_code"),
    path("q/<str:token>/", supplier_questionnaire.supplier_questionnaire, name="supplier_questionnaire"),
    path("partner/<slug:partner_slug>/", include("mandates.partner_urls")),
    path("groups/<uuid:group_id>/", group_views.group_overview, name="group_overview"),
    path("w/<slug:workspace_slug>/", include(workspace_patterns)),
]
