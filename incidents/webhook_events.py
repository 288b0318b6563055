"""Queue webhook events in the transaction of the change they report.

``emit`` writes one ``WebhookEvent`` and one outbox row per subscribed webhook.
Called inside the service's transaction, the event exists exactly when the
change commits: a rolled-back change queues nothing, and a committed one
cannot lose its event. The alert engine then sends the rows like any alert,
with its retries and delivery log.

Deadline steps are not emitted here: ``incidents.escalation`` schedules them
as outbox rows of the obligation for webhooks subscribed to
``obligation.due`` or ``obligation.overdue``.
"""

from __future__ import annotations

from django.utils import timezone

from incidents import webhook_payloads
from incidents.models import (
    PING_EVENT,
    AlertDelivery,
    EscalationPolicy,
    WebhookEndpoint,
    WebhookEvent,
    WebhookEventType,
)


def webhooks_enabled(workspace) -> bool:
    """Return False when the escalation policy's switch "call webhooks" turns off every call of the workspace."""
    enabled = EscalationPolicy.all_workspaces.filter(workspace=workspace).values_list("webhook_enabled", flat=True)
    return next(iter(enabled), True)


def subscribers(workspace, event_types: str | tuple[str, ...]) -> list[WebhookEndpoint]:
    """Return the active webhooks that subscribe to ``event_types`` (one type or any of several)."""
    if not webhooks_enabled(workspace):
        return []
    requested = {event_types} if isinstance(event_types, str) else set(event_types)
    endpoints = WebhookEndpoint.all_workspaces.filter(workspace=workspace, is_active=True)
    return [endpoint for endpoint in endpoints if requested & set(endpoint.events)]


def emit(*, workspace, event_type: str, subject, data: dict,
         endpoints: list[WebhookEndpoint] | None = None) -> WebhookEvent | None:
    """Queue ``event_type`` for ``endpoints`` (default: the active subscribers); return None without subscribers."""
    targets = subscribers(workspace, event_type) if endpoints is None else endpoints
    if not targets:
        return None
    now = timezone.now()
    event = WebhookEvent.all_workspaces.create(
        workspace=workspace, event_type=event_type, subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk), data=data, occurred_at=now)
    AlertDelivery.all_workspaces.bulk_create([
        AlertDelivery(workspace=workspace, event=event, step=event_type, recipient=endpoint.recipient,
                      channel=AlertDelivery.Channel.WEBHOOK, send_at=now, next_attempt_at=now)
        for endpoint in targets
    ])
    return event


# The payload of each event that a change in a service records.
PAYLOADS = {
    WebhookEventType.INCIDENT_CREATED: webhook_payloads.incident_data,
    WebhookEventType.OBLIGATION_SUBMITTED: webhook_payloads.obligation_data,
    WebhookEventType.REPORT_RELEASED: webhook_payloads.report_data,
    WebhookEventType.APPOINTMENT_SIGNED: webhook_payloads.appointment_data,
    WebhookEventType.APPOINTMENT_REVOKED: webhook_payloads.appointment_data,
}


def record(event_type: str, subject) -> WebhookEvent | None:
    """Queue ``event_type`` about ``subject`` for its workspace's subscribers; call it inside the change's transaction."""
    return emit(workspace=subject.workspace, event_type=event_type, subject=subject,
                data=PAYLOADS[event_type](subject))


def ping(endpoint: WebhookEndpoint) -> WebhookEvent:
    """Queue a test call for one webhook, whatever it subscribes to."""
    return emit(workspace=endpoint.workspace, event_type=PING_EVENT, subject=endpoint,
                data={"webhook": str(endpoint.pk), "url": endpoint.url}, endpoints=[endpoint])
