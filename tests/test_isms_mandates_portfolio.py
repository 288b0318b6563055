"""The partner portfolio: only clients with an active mandate, constant queries, nearest deadline first."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from mandates.models import TimeEntry
from mandates.services import mandate_end
from tests import builders, factories
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _partner_with_staff(slug="helpers"):
    partner = factories.make_partner(slug)
    staff = factories.make_user(f"staff@{slug}.example")
    factories.add_partner_staff(partner, staff)
    return partner, staff


def _client(partner, number, *, incident=False):
    workspace = factories.make_workspace(f"client-{number}", legal_name=f"Client {number:03d} GmbH")
    mandate = factories.grant_mandate(partner, workspace)
    if incident:
        reporter = factories.make_user(f"reporter{number}@client.example")
        factories.add_member(workspace, reporter, Role.OFFICER)
        builders.significant_incident(workspace, reporter=reporter, title=f"Incident at client {number}",
                                      aware_at=timezone.now() - timedelta(hours=number))
    with workspace_context(workspace), acting_as(system="tests"):
        TimeEntry.objects.create(workspace=workspace, mandate=mandate, worked_on=timezone.localdate(), minutes=90,
                                 description="Review", user=factories.make_user(f"w{number}@client.example"))
    return workspace, mandate


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_constant_at_2_and_20_clients():
    partner, staff = _partner_with_staff()
    client = client_for(staff)
    for number in range(2):
        _client(partner, number, incident=True)
    client.get(f"/partner/{partner.slug}/")  # the first request of a session loads the session and user once
    small = _query_count(client, f"/partner/{partner.slug}/")
    for number in range(2, 20):
        _client(partner, number, incident=number % 2 == 0)
    large = _query_count(client, f"/partner/{partner.slug}/")
    assert small == large


def test_nearest_deadline_first_and_figures_shown():
    partner, staff = _partner_with_staff()
    _client(partner, 1)
    _client(partner, 2, incident=True)
    body = client_for(staff).get(f"/partner/{partner.slug}/").content.decode()
    assert body.index("Client 002 GmbH") < body.index("Client 001 GmbH")
    assert "Incident at client 2" in body
    assert "1.5 /" in body


def test_ended_mandate_client_vanishes():
    partner, staff = _partner_with_staff()
    kept, _ = _client(partner, 1)
    gone, mandate = _client(partner, 2, incident=True)
    with workspace_context(gone):
        mandate_end(actor=None, mandate=mandate)
    body = client_for(staff).get(f"/partner/{partner.slug}/").content.decode()
    assert "Client 001 GmbH" in body
    assert "Client 002 GmbH" not in body
    assert "Incident at client 2" not in body


def test_other_partners_clients_absent():
    partner, staff = _partner_with_staff()
    rival, _rival_staff = _partner_with_staff("rivals")
    _client(rival, 7, incident=True)
    body = client_for(staff).get(f"/partner/{partner.slug}/").content.decode()
    assert "Client 007 GmbH" not in body


def test_foreign_partner_page_is_404_and_audited():
    _partner, staff = _partner_with_staff()
    rival, _rival_staff = _partner_with_staff("rivals")
    assert client_for(staff).get(f"/partner/{rival.slug}/").status_code == 404
    assert AuditEvent.objects.filter(action="access_denied", actor=staff, object_repr=rival.slug).exists()


def test_client_member_cannot_open_portfolio(workspace):
    partner, _staff = _partner_with_staff()
    member = factories.make_user("admin@acme.example")
    factories.add_member(workspace, member, Role.WORKSPACE_ADMIN)
    assert client_for(member).get(f"/partner/{partner.slug}/").status_code == 404


def test_busy_client_shows_nearest_deadlines_and_a_count():
    partner, staff = _partner_with_staff()
    workspace, _mandate = _client(partner, 1, incident=True)
    reporter = factories.make_user("second@client.example")
    factories.add_member(workspace, reporter, Role.OFFICER)
    for hours in (2, 3):
        builders.significant_incident(workspace, reporter=reporter, title=f"Later incident {hours}",
                                      aware_at=timezone.now() - timedelta(hours=hours))
    row = client_for(staff).get(f"/partner/{partner.slug}/").context["rows"][0]
    assert row.open_obligations == 6  # three incidents, two NIS-2 clocks each
    assert len(row.obligations) == 3
    assert [obligation.due_at for obligation in row.obligations] == sorted(o.due_at for o in row.obligations)
    assert row.more_obligations == 3
