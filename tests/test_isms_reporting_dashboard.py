"""The reporting card on the workspace dashboard: the latest report and outstanding acknowledgements."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civac.tenancy.roles import Role
from civac.tenancy.context import workspace_context
from reporting.quarters import Quarter
from reporting.services import report_acknowledge
from tests import builders_reporting, factories
from tests.builders_reporting import utc
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _board(workspace, count, *, prefix="board"):
    members = []
    for number in range(count):
        user = factories.make_user(f"{prefix}{number}@acme.example", first_name="Board", last_name=f"Member {number}")
        factories.add_member(workspace, user, Role.MANAGEMENT)
        members.append(user)
    return members


def _released(workspace, personas, recipients):
    with time_machine.travel(utc(2026, 4, 1, 6), tick=False):
        return builders_reporting.released_report(workspace, officer=personas[Role.OFFICER], recipients=recipients)


def _card(client, workspace) -> str:
    body = client.get(f"/w/{workspace.slug}/").content.decode()
    return body[body.index('id="reporting-card"'):]


def test_card_without_reports(workspace, personas):
    card = _card(client_for(personas[Role.OFFICER]), workspace)
    assert "No reports yet." in card


def test_card_shows_outstanding_acknowledgement(workspace, personas):
    management = personas[Role.MANAGEMENT]
    report = _released(workspace, personas, [management])
    card = _card(client_for(management), workspace)
    assert "Q1 2026 · Version 1" in card
    assert "Acknowledged by 0 of 1 management members." in card
    assert f"/reports/{report.pk}/" in card
    assert "<strong>you</strong>" in card


def test_card_after_acknowledgement(workspace, personas):
    management = personas[Role.MANAGEMENT]
    report = _released(workspace, personas, [management])
    with workspace_context(workspace):
        report_acknowledge(actor=management, report=report)
    card = _card(client_for(personas[Role.OFFICER]), workspace)
    assert "Acknowledged by 1 of 1 management members." in card
    assert "No acknowledgements outstanding." in card


def _card_queries(client, workspace) -> tuple[str, int]:
    client.get(f"/w/{workspace.slug}/")  # the first request after a change also updates the session rows
    with CaptureQueriesContext(connection) as queries:
        card = _card(client, workspace)
    return card, len(queries)


def test_card_queries_constant(workspace, personas):
    client = client_for(personas[Role.OFFICER])
    first, second = _board(workspace, 1), _board(workspace, 7, prefix="deputy")
    _released(workspace, personas, first)
    small_card, small = _card_queries(client, workspace)
    with time_machine.travel(utc(2026, 7, 1, 6), tick=False):
        builders_reporting.released_report(workspace, officer=personas[Role.OFFICER], recipients=second,
                                           quarter=Quarter(2026, 2))
    large_card, large = _card_queries(client, workspace)
    assert small_card.count("Board Member") == 1
    assert large_card.count("Board Member") == 5
    assert "More in the report archive" in large_card
    assert large == small

