from django.shortcuts import render

from civac.tenancy.decorators import workspace_view


@workspace_view()
def overview(request):
    """The ISMS start page: one card per area, each filled by that area's template."""
    return render(request, "isms/overview.html")
