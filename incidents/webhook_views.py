"""A webhook's page: its subscriptions, its delivery log, a test call and resending failed calls."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from incidents.escalation import webhook_event_for
from incidents.models import AlertDelivery, DeliveryAttempt, WebhookEndpoint
from incidents.services.webhooks import webhook_deactivate, webhook_ping, webhook_resend, webhook_update
from incidents.webhook_forms import WebhookSubscriptionForm

LOG_LENGTH = 100


def _delivery_log(endpoint: WebhookEndpoint) -> list[AlertDelivery]:
    rows = list(
        AlertDelivery.objects.filter(channel=AlertDelivery.Channel.WEBHOOK, recipient=endpoint.recipient)
        .select_related("event", "obligation__incident").order_by("-send_at")[:LOG_LENGTH]
    )
    attempts: dict = {}
    for attempt in DeliveryAttempt.objects.filter(delivery__in=rows).order_by("started_at"):
        attempts.setdefault(attempt.delivery_id, []).append(attempt)
    for row in rows:
        row.event_name = row.event.event_type if row.event_id else webhook_event_for(row.step)
        row.attempt_list = attempts.get(row.pk, [])
    return rows


def _to_page(endpoint: WebhookEndpoint):
    return redirect("incidents:webhook", workspace_slug=endpoint.workspace.slug, endpoint_id=endpoint.pk)


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
    })


@workspace_view("admin", objects={"endpoint_id": WebhookEndpoint})
@require_POST
def webhook_test(request, endpoint_id):
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    try:
        webhook_ping(actor=request.user, endpoint=endpoint)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Test call queued; it is sent within a minute and listed below."))
    return _to_page(endpoint)


@workspace_view("admin", objects={"endpoint_id": WebhookEndpoint, "delivery_id": AlertDelivery})
@require_POST
def webhook_resend_call(request, endpoint_id, delivery_id):
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    delivery = get_object_or_404(AlertDelivery, pk=delivery_id, recipient=endpoint.recipient)
    try:
        webhook_resend(actor=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The call is queued again."))
    return _to_page(endpoint)


@workspace_view("admin", objects={"endpoint_id": WebhookEndpoint})
@require_POST
def webhook_remove(request, endpoint_id):
    webhook_deactivate(actor=request.user, endpoint=get_object_or_404(WebhookEndpoint, pk=endpoint_id))
    messages.success(request, _("Webhook deactivated."))
    return redirect("incidents:alert_settings", workspace_slug=request.workspace.slug)
