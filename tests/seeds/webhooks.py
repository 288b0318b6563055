"""A webhook with a failed test call in the given workspace."""

from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from incidents.models import AlertDelivery, WebhookEndpoint
from incidents.services.webhooks import webhook_ping
from tests import factories


def seed_foreign(workspace, marker: str) -> None:
    admin = factories.make_user(f"webhooks-{workspace.slug}@example.com", last_name=marker)
    factories.add_member(workspace, admin, Role.WORKSPACE_ADMIN)
    with workspace_context(workspace):
        # Created directly: the service would resolve the host name, and tests make no DNS queries.
        endpoint = WebhookEndpoint.objects.create(workspace=workspace, url="https://hooks.example.com/civac",
                                                  description=marker)
        event = webhook_ping(actor=admin, endpoint=endpoint)
        AlertDelivery.objects.filter(event=event).update(status=AlertDelivery.Status.FAILED, attempts=8,
                                                         last_error=marker)
