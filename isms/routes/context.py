from django.urls import path

from isms.views.context import nis2, register, scope

urlpatterns = [
    path("issues/", register.issue_list, name="context_issue_list"),
    path("issues/new/", register.issue_create, name="context_issue_create"),
    path("issues/<uuid:issue_id>/", register.issue_edit, name="context_issue_edit"),
    path("issues/<uuid:issue_id>/delete/", register.issue_delete, name="context_issue_delete"),
    path("parties/", register.party_list, name="context_party_list"),
    path("parties/new/", register.party_create, name="context_party_create"),
    path("parties/<uuid:party_id>/", register.party_detail, name="context_party"),
    path("parties/<uuid:party_id>/delete/", register.party_delete, name="context_party_delete"),
    path("parties/<uuid:party_id>/requirements/", register.requirement_create, name="context_requirement_create"),
    path("requirements/<uuid:requirement_id>/", register.requirement_edit, name="context_requirement_edit"),
    path("requirements/<uuid:requirement_id>/delete/", register.requirement_delete,
         name="context_requirement_delete"),
    path("scope/", scope.scope_current, name="context_scope"),
    path("scope/edit/", scope.scope_edit, name="context_scope_edit"),
    path("scope/history/", scope.scope_history, name="context_scope_history"),
    path("scope/<uuid:version_id>/", scope.scope_version, name="context_scope_version"),
    path("scope/<uuid:version_id>/approve/", scope.scope_approve, name="context_scope_approve"),
    path("nis2/", nis2.classification, name="context_classification"),
    path("nis2/adopt/", nis2.classification_adopt, name="context_classification_adopt"),
    path("nis2/registration/", nis2.registration, name="context_registration"),
]
