"""Alert channels: in-app notifications, signed webhooks and their target checks, the escalation policy,
and the calendar feed."""

import hashlib
import hmac
import json
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.core.exceptions import ValidationError
from icalendar import Calendar

from civac.net import UnsafeTarget, check_webhook_url
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from incidents import outbox
from incidents.models import AlertDelivery, CalendarFeed, EscalationPolicy, Notification
from incidents.services.channels import calendar_feed_create, escalation_policy_save
from incidents.services.webhooks import webhook_create
from tests import builders, factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 4, 20, 0, tzinfo=timezone.utc)


def _fake_resolver(address):
    def resolve(host, port, type=None):
        return [(2, 1, 6, "", (address, port))]
    return resolve


@pytest.mark.parametrize(
    ("url", "address", "message"),
    [
        ("http://hooks.example.com/civac", "93.184.216.34", "must start with https://"),
        ("https://hooks.example.com/civac", "127.0.0.1", "loopback"),
        ("https://hooks.example.com/civac", "10.1.2.3", "private"),
        ("https://hooks.example.com/civac", "169.254.169.254", "link-local"),
        ("https://hooks.example.com/civac", "::1", "loopback"),
        ("https://hooks.example.com/civac", "::ffff:192.168.0.1", "private"),
    ],
)
def test_webhook_target_rejected(settings, url, address, message):
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = False
    with pytest.raises(UnsafeTarget) as error:
        check_webhook_url(url, resolve=_fake_resolver(address))
    assert message.split()[0] in str(error.value) or address in str(error.value)


def test_webhook_target_public_https_accepted(settings):
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = False
    assert check_webhook_url("https://hooks.example.com/x", resolve=_fake_resolver("93.184.216.34")) == [
        "93.184.216.34"]


def test_webhook_create_names_url_field(personas, workspace, settings):
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = False
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        webhook_create(actor=personas[Role.WORKSPACE_ADMIN], workspace=workspace, url="http://127.0.0.1/hook")
    assert "url" in error.value.error_dict


class _Receiver(BaseHTTPRequestHandler):
    received: list = []
    redirect_to: str = ""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, dict(self.headers), body))
        if self.redirect_to and self.path == "/hook":
            self.send_response(307)
            self.send_header("Location", self.redirect_to)
        else:
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = True
    _Receiver.received = []
    _Receiver.redirect_to = ""
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Receiver.received
    server.shutdown()


def test_webhook_call_is_signed_and_idempotent(personas, workspace, receiver):
    url, received = receiver
    with workspace_context(workspace):
        endpoint = webhook_create(actor=personas[Role.WORKSPACE_ADMIN], workspace=workspace, url=url,
                                  events=["obligation.due"])
    with time_machine.travel(NOW, tick=False):
        builders.significant_incident(workspace, reporter=personas[Role.OFFICER], aware_at=NOW - timedelta(hours=1))
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        outbox.run_tick()
    webhook_rows = AlertDelivery.all_workspaces.filter(channel=AlertDelivery.Channel.WEBHOOK, step="created")
    assert webhook_rows.count() == 2  # early warning and notification
    assert set(webhook_rows.values_list("status", flat=True)) == {AlertDelivery.Status.SENT}
    assert len(received) == 2
    _path, headers, body = received[0]
    expected = hmac.new(endpoint.secret.encode(), headers["X-Civac-Timestamp"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    assert headers["X-Civac-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["event"] == "obligation.due"
    assert payload["data"]["step"] == "created"
    assert headers["X-Civac-Event-Id"] == payload["id"]
    assert headers["Idempotency-Key"] == payload["delivery_id"]


def test_webhook_redirect_is_not_followed(personas, workspace, receiver):
    url, received = receiver
    # A receiver that passed the address check redirects to another address, here its own /internal path.
    _Receiver.redirect_to = url.replace("/hook", "/internal")
    with workspace_context(workspace):
        webhook_create(actor=personas[Role.WORKSPACE_ADMIN], workspace=workspace, url=url,
                       events=["obligation.due"])
    with time_machine.travel(NOW, tick=False):
        builders.significant_incident(workspace, reporter=personas[Role.OFFICER], aware_at=NOW - timedelta(hours=1))
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        outbox.run_tick()
    assert [path for path, _headers, _body in received] == ["/hook", "/hook"]
    webhook_rows = AlertDelivery.all_workspaces.filter(channel=AlertDelivery.Channel.WEBHOOK, step="created")
    assert set(webhook_rows.values_list("status", flat=True)) == {AlertDelivery.Status.FAILED}


def test_in_app_notification_once_per_delivery(personas, workspace):
    with time_machine.travel(NOW, tick=False):
        builders.significant_incident(workspace, reporter=personas[Role.OFFICER], aware_at=NOW - timedelta(hours=1))
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        outbox.run_tick()
    with workspace_context(workspace):
        mine = Notification.objects.filter(user=personas[Role.MANAGEMENT])
        assert mine.count() == 2
        assert not Notification.objects.filter(user=personas[Role.AUDITOR]).exists()
    page = client_for(personas[Role.MANAGEMENT]).get(f"/w/{workspace.slug}/incidents/notifications/")
    assert page.context["unread_notifications"] == 2


def test_policy_changes_steps_and_channels(personas, workspace):
    with workspace_context(workspace):
        escalation_policy_save(actor=personas[Role.WORKSPACE_ADMIN], workspace=workspace, values={
            "hours_before_due": "12, 2", "notify_at_half_time": False, "in_app_enabled": False,
            "overdue_interval_hours": 6})
    with time_machine.travel(NOW, tick=False):
        builders.significant_incident(workspace, reporter=personas[Role.OFFICER], aware_at=NOW - timedelta(hours=1))
    steps = set(AlertDelivery.all_workspaces.values_list("step", flat=True))
    assert steps == {"created", "due-12h", "due-2h", "due"}
    assert set(AlertDelivery.all_workspaces.values_list("channel", flat=True)) == {AlertDelivery.Channel.EMAIL}


@pytest.mark.parametrize("hours", ["4;1", "0", "abc", "1000"])
def test_policy_rejects_bad_hours(personas, workspace, hours):
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        escalation_policy_save(actor=personas[Role.WORKSPACE_ADMIN], workspace=workspace,
                               values={"hours_before_due": hours})
    assert "hours_before_due" in error.value.error_dict
    with workspace_context(workspace):
        assert not EscalationPolicy.objects.exists()


def test_calendar_feed_lists_open_deadlines_across_workspaces(client, personas, workspace, other_workspace):
    staff = personas[Role.PARTNER_STAFF]
    with time_machine.travel(NOW, tick=False):
        builders.significant_incident(workspace, reporter=personas[Role.OFFICER], aware_at=NOW - timedelta(hours=1))
        stranger = factories.make_user("o@rival.example")
        factories.add_member(other_workspace, stranger, Role.OFFICER)
        builders.significant_incident(other_workspace, reporter=stranger, title="Nicht sichtbar")
    feed, token = calendar_feed_create(user=staff, label="Outlook")
    response = client.get(f"/calendar/{token}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = [component for component in Calendar.from_ical(response.content).walk("VEVENT")]
    assert len(events) == 2
    assert all("Ransomware auf Dateiserver" in str(event["summary"]) for event in events)
    assert all("Nicht sichtbar" not in str(event["summary"]) for event in events)
    assert CalendarFeed.objects.get(pk=feed.pk).token_hash != token


def test_revoked_calendar_feed_answers_404(client, personas):
    user = personas[Role.OFFICER]
    feed, token = calendar_feed_create(user=user)
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    client_for(user).post("/account/calendar/", {"revoke": str(feed.pk)})
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    assert client.get("/calendar/guessed-token.ics").status_code == 404
