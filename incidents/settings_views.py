"""Alert settings of a workspace, the user's in-app notifications and calendar feeds."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civac.tenancy.decorators import workspace_view
from civac.web.formtools import apply_service_errors
from incidents.calendar import feed_calendar
from incidents.escalation import policy_for
from incidents.models import CalendarFeed, EscalationPolicy, Notification, WebhookEndpoint
from incidents.services.channels import calendar_feed_create, calendar_feed_revoke, escalation_policy_save, token_hash
from incidents.services.webhooks import webhook_create
from incidents.webhook_forms import WebhookForm


class PolicyForm(forms.ModelForm):
    class Meta:
        model = EscalationPolicy
        fields = ["notify_on_creation", "notify_at_half_time", "hours_before_due", "notify_at_due",
                  "overdue_interval_hours", "email_enabled", "in_app_enabled", "webhook_enabled"]


@workspace_view("admin")
@require_http_methods(["GET", "POST"])
def alert_settings(request):
    policy = policy_for(request.workspace)
    policy_form = PolicyForm(request.POST if "save_policy" in request.POST else None, instance=policy,
                             prefix="policy")
    webhook_form = WebhookForm(request.POST if "add_webhook" in request.POST else None, prefix="webhook")
    if "save_policy" in request.POST and policy_form.is_valid():
        try:
            escalation_policy_save(actor=request.user, workspace=request.workspace, values=policy_form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(policy_form, error)
        else:
            messages.success(request, _("Escalation policy saved; it applies to obligations opened from now on."))
            return redirect("incidents:alert_settings", workspace_slug=request.workspace.slug)
    if "add_webhook" in request.POST and webhook_form.is_valid():
        try:
            endpoint = webhook_create(actor=request.user, workspace=request.workspace, **webhook_form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(webhook_form, error)
        else:
            messages.success(request, _("Webhook added. Its signing secret, shown only now: %(secret)s")
                             % {"secret": endpoint.secret})
            return redirect("incidents:alert_settings", workspace_slug=request.workspace.slug)
    return render(request, "incidents/alert_settings.html", {
        "policy_form": policy_form, "webhook_form": webhook_form,
        "webhooks": WebhookEndpoint.objects.filter(is_active=True),
        "inactive_webhooks": WebhookEndpoint.objects.filter(is_active=False),
    })


@workspace_view()
@require_http_methods(["GET", "POST"])
def notifications(request):
    mine = Notification.objects.filter(user=request.user).select_related("obligation")
    if request.method == "POST":
        mine.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("incidents:notifications", workspace_slug=request.workspace.slug)
    return render(request, "incidents/notifications.html", {"notifications": mine[:100]})


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feeds(request):
    new_url = None
    if request.method == "POST":
        if "revoke" in request.POST:
            feed = CalendarFeed.objects.filter(user=request.user, pk=request.POST.get("revoke")).first()
            if feed is None:
                raise Http404("calendar feed not found")
            calendar_feed_revoke(user=request.user, feed=feed)
            messages.success(request, _("Calendar feed revoked; its address no longer works."))
            return redirect("calendar_feeds")
        _feed, token = calendar_feed_create(user=request.user, label=request.POST.get("label", ""))
        new_url = request.build_absolute_uri(f"/calendar/{token}.ics")
    feeds = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(request, "incidents/calendar_feeds.html", {"feeds": feeds, "new_url": new_url})


def calendar_feed(request, token: str):
    """Public by design: the secret token in the address is the credential."""
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=token_hash(token),
                                                              revoked_at__isnull=True).first()
    if feed is None or not feed.user.is_active:
        raise Http404("calendar feed not found")
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    response = HttpResponse(feed_calendar(feed.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
