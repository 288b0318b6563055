"""A webhook's page: its subscriptions, its delivery log, a test call and resending failed calls."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from incidents.escalation import webhook_event_for
from incidents.models import AlertDelivery, DeliveryAttempt, WebhookEndpoint
from incidents.services.webhooks import (
    webhook_activate,
    webhook_deactivate,
    webhook_ping,
    webhook_resend,
    webhook_rotate_secret,
    webhook_update,
)
from incidents.webhook_forms import WebhookSubscriptionForm

LOG_LENGTH = 100


def _calls(endpoint: WebhookEndpoint):
    return AlertDelivery.objects.filter(channel=AlertDelivery.Channel.WEBHOOK, recipient=endpoint.recipient)


def _delivery_log(endpoint: WebhookEndpoint) -> list[AlertDelivery]:
    """Return the latest calls that were due, newest first, with their attempts and event names."""
    rows = list(
        _calls(endpoint).filter(send_at__lte=timezone.now())
        .select_related("event", "obligation__incident").order_by("-send_at")[:LOG_LENGTH]
    )
    attempts: dict = {}
    for attempt in DeliveryAttempt.objects.filter(delivery__in=rows).order_by("started_at"):
        attempts.setdefault(attempt.delivery_id, []).append(attempt)
    for row in rows:
        row.event_name = row.event.event_type if row.event_id else webhook_event_for(row.step)
        row.attempt_list = attempts.get(row.pk, [])
    return rows


def _scheduled(endpoint: WebhookEndpoint) -> list[AlertDelivery]:
    """Return the calls still waiting for their time (deadline steps), soonest first."""
    rows = list(_calls(endpoint).filter(send_at__gt=timezone.now(), status=AlertDelivery.Status.PENDING)
                .select_related("obligation__incident").order_by("send_at")[:LOG_LENGTH])
    for row in rows:
        row.event_name = webhook_event_for(row.step)
    return rows


def _to_page(endpoint: WebhookEndpoint):
    return redirect("incidents:webhook", workspace_slug=endpoint.workspace.slug, endpoint_id=endpoint.pk)


def _run_and_return(request, endpoint: WebhookEndpoint, action, success_message: str):
    """Run a service call, show its rejection or ``success_message``, and return to the webhook's page."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success_message)
    return _to_page(endpoint)


@workspace_view("admin", objects={"endpoint_id": WebhookEndpoint})
@require_http_methods(["GET", "POST"])
def webhook_detail(request, endpoint_id):
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    form = WebhookSubscriptionForm(request.POST or None,
                                   initial={"events": endpoint.events, "description": endpoint.description})
    if request.method == "POST" and form.is_valid():
        try:
            webhook_update(actor=request.user, endpoint=endpoint, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Subscriptions saved; they apply to events from now on."))
            return _to_page(endpoint)
    return render(request, "incidents/webhook.html", {
        "endpoint": endpoint, "form": form, "deliveries": _delivery_log(endpoint), "log_length": LOG_LENGTH,
        "scheduled": _scheduled(endpoint),
    })


@workspace_view("admin", objects={"endpoint_id": WebhookEndpoint})
@require_POST
def webhook_test(request, endpoint_id):
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    return _run_and_return(request, endpoint, lambda: webhook_ping(actor=request.user, endpoint=endpoint),
                           _("Test call queued; it is sent within a minute and listed below."))


@workspace_view("admin", objects={"endpoint_id": WebhookEndpoint, "delivery_id": AlertDelivery})
@require_POST
def webhook_resend_call(request, endpoint_id, delivery_id):
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    delivery = get_object_or_404(AlertDelivery, pk=delivery_id, recipient=endpoint.recipient)
    return _run_and_return(request, endpoint, lambda: webhook_resend(actor=request.user, delivery=delivery),
                           _("The call is queued again."))


@workspace_view("admin", objects={"endpoint_id": WebhookEndpoint})
@require_POST
def webhook_reactivate(request, endpoint_id):
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    return _run_and_return(request, endpoint, lambda: webhook_activate(actor=request.user, endpoint=endpoint),
                           _("Webhook active again; it receives the events it subscribes to from now on."))


@workspace_view("admin", objects={"endpoint_id": WebhookEndpoint})
@require_POST
def webhook_rotate(request, endpoint_id):
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    secret = webhook_rotate_secret(actor=request.user, endpoint=endpoint)
    messages.success(request, _("New signing secret, shown only now: %(secret)s. Calls from now on are signed with "
                                "it; enter it at the receiver.") % {"secret": secret})
    return _to_page(endpoint)


@workspace_view("admin", objects={"endpoint_id": WebhookEndpoint})
@require_POST
def webhook_remove(request, endpoint_id):
    webhook_deactivate(actor=request.user, endpoint=get_object_or_404(WebhookEndpoint, pk=endpoint_id))
    messages.success(request, _("Webhook deactivated."))
    return redirect("incidents:alert_settings", workspace_slug=request.workspace.slug)
