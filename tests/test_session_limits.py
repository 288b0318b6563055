"""Sessions end after inactivity and after a maximum age; signed-in pages are never cached."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from civac.tenancy.roles import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, email):
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def test_idle_session_ends(client, personas, workspace, settings):
    settings.SESSION_IDLE_MINUTES = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _sign_in(client, personas[Role.AUDITOR].email)
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(f"/w/{workspace.slug}/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get(f"/w/{workspace.slug}/").status_code == 200  # activity at 29 minutes kept it alive
    with time_machine.travel(start + timedelta(minutes=90), tick=False):
        response = client.get(f"/w/{workspace.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_session_ends_at_maximum_age_despite_activity(client, personas, workspace, settings):
    settings.SESSION_IDLE_MINUTES = 30
    settings.SESSION_MAX_HOURS = 1
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _sign_in(client, personas[Role.AUDITOR].email)
    for minutes in (20, 40, 59):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(f"/w/{workspace.slug}/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=65), tick=False):
        assert client.get(f"/w/{workspace.slug}/").status_code == 302


def test_signed_in_pages_are_not_cached(client, personas, workspace):
    _sign_in(client, personas[Role.AUDITOR].email)
    assert client.get(f"/w/{workspace.slug}/")["Cache-Control"] == "private, no-store"


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_demo_data_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
