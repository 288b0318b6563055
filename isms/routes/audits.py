from django.urls import path

from isms.views import audit_work
from isms.views import audits as views

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
    path("programmes/new/", views.audit_programme_new, name="audit_programme_new"),
    path("programmes/<uuid:programme_id>/edit/", views.audit_programme_edit, name="audit_programme_edit"),
    path("new/", views.audit_new, name="audit_new"),
    path("<uuid:audit_id>/", views.audit_detail, name="audit_detail"),
    path("<uuid:audit_id>/edit/", views.audit_edit, name="audit_edit"),
    path("<uuid:audit_id>/report/", views.audit_report, name="audit_report"),
    path("<uuid:audit_id>/auditors/", audit_work.audit_auditor_add, name="audit_auditor_add"),
    path("<uuid:audit_id>/auditors/<uuid:auditor_id>/remove/", audit_work.audit_auditor_remove,
         name="audit_auditor_remove"),
    path("<uuid:audit_id>/checklist/", audit_work.audit_checklist_build, name="audit_checklist_build"),
    path("<uuid:audit_id>/checklist/<uuid:item_id>/", audit_work.audit_checklist_item, name="audit_checklist_item"),
    path("<uuid:audit_id>/findings/", audit_work.audit_finding_new, name="audit_finding_new"),
    path("<uuid:audit_id>/findings/<uuid:finding_id>/", audit_work.audit_finding_detail,
         name="audit_finding_detail"),
    path("<uuid:audit_id>/complete/", audit_work.audit_complete_view, name="audit_complete"),
]
