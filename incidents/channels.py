"""Send one outbox row on its channel: e-mail, in-app notification or signed webhook call.

Each sender raises on failure, so the outbox records the attempt and retries.
The e-mail Message-ID and the webhook's Idempotency-Key are derived from the
delivery row, so a resend after a crash can be recognised by the receiver.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.request
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from civac.accounts.models import User
from civac.net import check_webhook_url
from civac.tenancy.context import workspace_context
from incidents.escalation import webhook_event_for
from incidents.models import AlertDelivery, Notification, WebhookEndpoint
from incidents.webhook_payloads import iso_utc, obligation_data


class PermanentFailure(Exception):
    """A send that no retry can fix, such as a recipient who left the workspace."""


def _context(delivery: AlertDelivery, late: bool) -> dict:
    obligation = delivery.obligation
    workspace = delivery.workspace
    return {
        "delivery": delivery, "obligation": obligation, "incident": obligation.incident, "workspace": workspace,
        "late": late, "link": f"{settings.SITE_URL}/w/{workspace.slug}/incidents/{obligation.incident_id}/",
    }


def _subject(delivery: AlertDelivery, late: bool) -> str:
    workspace = delivery.workspace
    with translation.override(workspace.default_language), timezone.override(workspace.zone):
        return render_to_string("incidents/email/alert_subject.txt", _context(delivery, late)).strip()


def send_email(delivery: AlertDelivery, *, late: bool) -> None:
    if delivery.task_id is not None:
        from isms.services.tasks.reminders import send_reminder_email

        send_reminder_email(delivery, late=late)
        return
    workspace = delivery.workspace
    with translation.override(workspace.default_language), timezone.override(workspace.zone):
        body = render_to_string("incidents/email/alert_body.txt", _context(delivery, late))
    message = EmailMessage(subject=_subject(delivery, late), body=body, to=[delivery.recipient],
                           headers={"Message-ID": delivery.message_id, "X-Civac-Alert": str(delivery.pk)})
    message.send(fail_silently=False)


def _require_obligation(delivery: AlertDelivery) -> None:
    if delivery.obligation_id is None:
        raise PermanentFailure(f"channel {delivery.channel} carries only incident alerts, not task reminders")


def send_in_app(delivery: AlertDelivery, *, late: bool) -> None:
    _require_obligation(delivery)
    user = User.objects.filter(email__iexact=delivery.recipient, is_active=True).first()
    if user is None:
        raise PermanentFailure(f"no active user with the address {delivery.recipient}")
    with workspace_context(delivery.workspace):
        # One notification per delivery row, also when the outcome commit failed and the row is sent again.
        Notification.objects.get_or_create(
            delivery=delivery,
            defaults={"workspace": delivery.workspace, "user": user, "obligation": delivery.obligation,
                      "title": _subject(delivery, late)[:300]},
        )


def webhook_payload(delivery: AlertDelivery, *, late: bool) -> dict:
    """The body of a webhook call: the envelope (event, id, time, workspace) and the event's ``data``.

    ``id`` names the event, so a receiver that gets a call twice (a resend
    after a crash) can drop the second one. A deadline step's id is derived
    from the obligation and the step, because it has no event row.
    """
    envelope = {"delivery_id": str(delivery.pk), "workspace": delivery.workspace.slug, "late": late}
    if delivery.event_id is not None:
        event = delivery.event
        return {"event": event.event_type, "id": str(event.pk), "occurred_at": iso_utc(event.occurred_at),
                **envelope, "data": event.data}
    obligation = delivery.obligation
    return {
        "event": webhook_event_for(delivery.step),
        "id": str(uuid.uuid5(obligation.pk, delivery.step)),
        "occurred_at": iso_utc(delivery.send_at),
        **envelope,
        "step": delivery.step,
        "data": {**obligation_data(obligation), "step": delivery.step},
    }


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", hex encoded; receivers recompute it to verify the call."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class _RejectRedirects(urllib.request.HTTPRedirectHandler):
    """Raise on a redirect, because its target was never checked and may be a private address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise PermanentFailure(f"webhook {req.full_url} redirected (HTTP {code}) to {newurl}; redirects are not "
                               "followed, so enter the final https address of the receiver")


_WEBHOOK_OPENER = urllib.request.build_opener(_RejectRedirects)


def send_webhook(delivery: AlertDelivery, *, late: bool) -> None:
    if delivery.task_id is not None:
        raise PermanentFailure("webhooks carry incident alerts and events, not task reminders")
    endpoint_id = delivery.recipient.removeprefix("webhook:")
    endpoint = WebhookEndpoint.all_workspaces.filter(pk=endpoint_id, workspace=delivery.workspace,
                                                     is_active=True).first()
    if endpoint is None:
        raise PermanentFailure(f"webhook {endpoint_id} was removed or deactivated")
    # NOTE: the address is checked again right before the call, but the HTTP
    # client resolves the name once more. A DNS answer that changes in between
    # is not caught, because pinning the checked address needs a custom connection.
    check_webhook_url(endpoint.url)
    payload = webhook_payload(delivery, late=late)
    body = json.dumps(payload, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(endpoint.url, data=body, method="POST", headers={
        "Content-Type": "application/json",
        "User-Agent": "civac-webhooks",
        "Idempotency-Key": str(delivery.pk),
        "X-Civac-Event": payload["event"],
        "X-Civac-Event-Id": payload["id"],
        "X-Civac-Timestamp": timestamp,
        "X-Civac-Signature": f"sha256={sign(endpoint.secret, timestamp, body)}",
    })
    with _WEBHOOK_OPENER.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
        if not 200 <= response.status < 300:
            raise OSError(f"webhook {endpoint.url} returned HTTP {response.status}; expected 2xx")


SENDERS = {
    AlertDelivery.Channel.EMAIL: send_email,
    AlertDelivery.Channel.IN_APP: send_in_app,
    AlertDelivery.Channel.WEBHOOK: send_webhook,
}
