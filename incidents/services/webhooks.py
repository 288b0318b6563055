"""Writes on a workspace's webhooks: add, change subscriptions, deactivate, test and resend calls."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.net import UnsafeTarget, check_webhook_url
from civac.tenancy.errors import field_error
from incidents import webhook_events
from incidents.models import AlertDelivery, WebhookEndpoint, WebhookEvent, WebhookEventType
from incidents.models.webhooks import _webhook_secret


def _clean_events(events) -> list[str]:
    chosen = [str(event) for event in events or []]
    unknown = sorted(set(chosen) - set(WebhookEventType.values))
    if unknown:
        raise field_error("events", _("Unknown events: %(events)s. Choose from: %(choices)s.")
                          % {"events": ", ".join(unknown), "choices": ", ".join(WebhookEventType.values)},
                          "unknown_event")
    if not chosen:
        raise field_error("events", _("Choose at least one event for the webhook."), "events_missing")
    # Stored in the catalogue's order, so the same choice always reads the same.
    return [event for event in WebhookEventType.values if event in chosen]


def _check_url(url: str) -> None:
    try:
        check_webhook_url(url)
    except UnsafeTarget as error:
        raise field_error("url", str(error), "unsafe_webhook_target") from None


def webhook_create(*, actor, workspace, url: str, description: str = "", events=None) -> WebhookEndpoint:
    """Add a webhook; without ``events`` it subscribes to every event. Its secret is shown to the caller once."""
    _check_url(url)
    chosen = _clean_events(WebhookEventType.values if events is None else events)
    endpoint = WebhookEndpoint(workspace=workspace, url=url, description=description.strip(), events=chosen)
    endpoint.full_clean()
    endpoint.save()
    return endpoint


def webhook_update(*, actor, endpoint: WebhookEndpoint, events, description: str | None = None) -> WebhookEndpoint:
    """Change what the webhook subscribes to; calls already queued stay queued."""
    endpoint.events = _clean_events(events)
    if description is not None:
        endpoint.description = description.strip()
    endpoint.full_clean()
    endpoint.save()
    return endpoint


def webhook_deactivate(*, actor, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Stop calling the webhook; queued calls fail at send time and stay in the delivery log."""
    endpoint.is_active = False
    endpoint.save()
    return endpoint


def webhook_activate(*, actor, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Call a deactivated webhook again from now on; its address is checked again first."""
    _check_url(endpoint.url)
    endpoint.is_active = True
    endpoint.save()
    return endpoint


def webhook_rotate_secret(*, actor, endpoint: WebhookEndpoint) -> str:
    """Replace the signing secret and return the new one; calls sent from now on are signed with it."""
    endpoint.secret = _webhook_secret()
    endpoint.save()
    return endpoint.secret


def webhook_ping(*, actor, endpoint: WebhookEndpoint) -> WebhookEvent:
    """Queue a test call; the alert engine sends it within one tick."""
    if not endpoint.is_active:
        raise field_error("webhook", _("This webhook is deactivated; reactivate it to test it."), "webhook_inactive")
    with transaction.atomic():
        event = webhook_events.ping(endpoint)
        append_event(workspace_id=endpoint.workspace_id, action="webhook_test", object_type="incidents.webhookendpoint",
                     object_id=str(endpoint.pk), object_repr=endpoint.url, actor=actor,
                     changes={"event": str(event.pk)})
    return event


def webhook_resend(*, actor, delivery: AlertDelivery) -> AlertDelivery:
    """Queue a failed webhook call again with fresh attempts, keeping its id and so its Idempotency-Key."""
    if delivery.channel != AlertDelivery.Channel.WEBHOOK or delivery.status != AlertDelivery.Status.FAILED:
        raise field_error("delivery", _("Only a failed webhook call can be sent again."), "not_failed")
    now = timezone.now()
    with transaction.atomic():
        updated = AlertDelivery.objects.filter(pk=delivery.pk, status=AlertDelivery.Status.FAILED).update(
            status=AlertDelivery.Status.PENDING, attempts=0, next_attempt_at=now, last_error="")
        if not updated:
            raise field_error("delivery", _("Only a failed webhook call can be sent again."), "not_failed")
        append_event(workspace_id=delivery.workspace_id, action="webhook_resend",
                     object_type="incidents.alertdelivery", object_id=str(delivery.pk),
                     object_repr=str(delivery), actor=actor, changes={"step": delivery.step})
    delivery.refresh_from_db()
    return delivery
