"""A URLconf with an object route keyed on an integer, which the isolation matrix must refuse to pass."""

from django.http import HttpResponse
from django.urls import path

from civac.tenancy.decorators import workspace_view
from civac.urls import urlpatterns as real_patterns


@workspace_view()
def numbered(request, number):
    return HttpResponse(status=404)


urlpatterns = [path("w/<slug:workspace_slug>/numbered/<int:number>/", numbered), *real_patterns]
