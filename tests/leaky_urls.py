"""A URLconf with one deliberately unscoped view, to prove that the isolation matrix catches such a leak."""

from django.http import HttpResponse
from django.urls import path

from civac.tenancy.decorators import workspace_view
from civac.urls import urlpatterns as real_patterns
from incidents.models import Incident


@workspace_view()
def leaky_incident(request, incident_id):
    # The defect under test: the explicit all-workspaces manager ignores the active workspace.
    incident = Incident.all_workspaces.filter(pk=incident_id).first()
    return HttpResponse(incident.title if incident else "", status=200 if incident else 404)


urlpatterns = [path("w/<slug:workspace_slug>/leak/<uuid:incident_id>/", leaky_incident), *real_patterns]
