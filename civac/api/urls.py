"""API routes: /api/v1/workspaces/, /api/v1/w/<slug>/..., the schema and its documentation page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from civac.api.views import audit, controls, incidents, isms, mandates, officers, reports, workspaces

router = SimpleRouter()
router.register("officers", officers.OfficerViewSet, basename="officer")
router.register("appointments", officers.AppointmentViewSet, basename="appointment")
router.register("members", officers.MemberViewSet, basename="member")
router.register("assets", isms.AssetViewSet, basename="asset")
router.register("risks", isms.RiskViewSet, basename="risk")
router.register("soa-entries", isms.SoAEntryViewSet, basename="soaentry")
router.register("controls", controls.OwnControlViewSet, basename="owncontrol")
router.register("catalogue-controls", controls.CatalogueControlViewSet, basename="cataloguecontrol")
router.register("policies", isms.PolicyViewSet, basename="policy")
router.register("tasks", isms.TaskViewSet, basename="task")
router.register("incidents", incidents.IncidentViewSet, basename="incident")
router.register("obligations", incidents.ObligationViewSet, basename="obligation")
router.register("reports", reports.QuarterlyReportViewSet, basename="quarterlyreport")
router.register("mandates", mandates.MandateViewSet, basename="mandate")
router.register("audit-events", audit.AuditEventViewSet, basename="auditevent")

# Routes outside a workspace: they tell the client which workspaces it may open.
account_router = SimpleRouter()
account_router.register("workspaces", workspaces.WorkspaceViewSet, basename="workspace")

app_name = "api"
urlpatterns = [
    path("v1/w/<slug:workspace_slug>/", include(router.urls)),
    path("v1/", include(account_router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file of its own, so the
    # page runs under our CSP without inline scripts; the Swagger UI files come
    # from drf-spectacular-sidecar's static files. Redoc is not offered because
    # its page template loads fonts from Google.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
