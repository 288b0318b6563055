"""API routes: /api/v1/w/<slug>/..., the schema and its documentation page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from civac.api.views import audit, incidents, isms, officers

router = SimpleRouter()
router.register("officers", officers.OfficerViewSet, basename="officer")
router.register("appointments", officers.AppointmentViewSet, basename="appointment")
router.register("members", officers.MemberViewSet, basename="member")
router.register("assets", isms.AssetViewSet, basename="asset")
router.register("risks", isms.RiskViewSet, basename="risk")
router.register("soa-entries", isms.SoAEntryViewSet, basename="soaentry")
router.register("policies", isms.PolicyViewSet, basename="policy")
router.register("tasks", isms.TaskViewSet, basename="task")
router.register("incidents", incidents.IncidentViewSet, basename="incident")
router.register("obligations", incidents.ObligationViewSet, basename="obligation")
router.register("audit-events", audit.AuditEventViewSet, basename="auditevent")

app_name = "api"
urlpatterns = [
    path("v1/w/<slug:workspace_slug>/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file of its own, so the
    # page runs under our CSP without inline scripts; the Swagger UI files come
    # from drf-spectacular-sidecar's static files. Redoc is not offered because
    # its page template loads fonts from Google.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
