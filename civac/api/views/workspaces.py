"""The workspaces the caller may open: the entry point from which a client learns the slugs to use."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins
from rest_framework.filters import OrderingFilter

from civac.api import tags
from civac.api.errors import WorkspaceNotFound
from civac.api.models import ApiToken
from civac.api.serializers.workspaces import WorkspaceSerializer
from civac.api.views.base import ApiViewSet
from civac.audit.recorder import append_event
from civac.tenancy.access import WorkspaceAccess, accessible_workspaces
from civac.tenancy.models import Workspace


def _token_allows(request, access: WorkspaceAccess) -> bool:
    token = request.auth if isinstance(request.auth, ApiToken) else None
    return token is None or token.workspace_id in (None, access.workspace.pk)


@extend_schema_view(
    list=extend_schema(description=_("List the workspaces you may open, with your role in each. A token "
                                     "limited to one workspace lists only that one.")),
    retrieve=extend_schema(description=_("Show one workspace by its short name (slug); workspaces you may not "
                                         "open answer 404.")),
)
class WorkspaceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    # Workspaces come from memberships and partners' active mandates, as in
    # the workspace switcher, looked up once per request. A detail request
    # for a workspace the caller may not open writes an access_denied audit
    # event, as workspace routes do.

    serializer_class = WorkspaceSerializer
    schema_tag = tags.WORKSPACES
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["legal_name", "created_at"]
    ordering = ["legal_name", "id"]

    def _accesses(self) -> dict:
        if not hasattr(self, "_access_by_id"):
            self._access_by_id = {access.workspace.pk: access for access in accessible_workspaces(self.request.user)
                                  if _token_allows(self.request, access)}
        return self._access_by_id

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Workspace.objects.none()
        return Workspace.objects.filter(pk__in=self._accesses().keys())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["roles"] = {pk: access.role for pk, access in self._accesses().items()}
        return context

    def get_object(self):
        slug = self.kwargs["slug"]
        workspace = next((access.workspace for access in self._accesses().values()
                          if access.workspace.slug == slug), None)
        if workspace is None:
            append_event(workspace_id=None, action="access_denied", object_type="tenancy.workspace",
                         object_repr=f"api:{slug}"[:200], actor=self.request.user)
            raise WorkspaceNotFound()
        return workspace
