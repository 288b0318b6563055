"""On-demand report versions requested at the same moment get consecutive numbers."""

import threading

import pytest
from django.db import connection

from civac.tenancy.roles import Role
from reporting.models import QuarterlyReport
from reporting.quarters import Quarter
from reporting.services import generation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# How long a request that has read the highest version waits for the other one to read it too.
MEET_TIMEOUT_SECONDS = 2


def test_concurrent_requests_number_on(workspace, personas, monkeypatch):
    """Without the workspace lock both requests read version 0 at the barrier and the second insert fails."""
    officer = personas[Role.OFFICER]
    queued = []
    monkeypatch.setattr(generation, "enqueue_generation", queued.append)
    meeting = threading.Barrier(2, timeout=MEET_TIMEOUT_SECONDS)
    next_version = generation._next_version

    def next_version_after_meeting(*args):
        version = next_version(*args)
        try:
            meeting.wait()
        except threading.BrokenBarrierError:
            pass  # the other request is still waiting for the lock
        return version

    monkeypatch.setattr(generation, "_next_version", next_version_after_meeting)
    errors = []

    def request_draft():
        try:
            generation.report_request(actor=officer, workspace=workspace, quarter=Quarter(2026, 3))
        except Exception as error:  # noqa: BLE001 (the assertion below names it)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request_draft) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    versions = sorted(QuarterlyReport.all_workspaces.filter(workspace=workspace).values_list("version", flat=True))
    assert versions == [1, 2]
    assert len(queued) == 2


def test_request_after_scheduled_report_numbers_on(workspace, personas, monkeypatch):
    monkeypatch.setattr(generation, "enqueue_generation", lambda report_id: None)
    with generation.acting_as(system="tests"):
        generation._create_row(workspace, Quarter(2026, 3), origin=QuarterlyReport.Origin.SCHEDULED)
    report = generation.report_request(actor=personas[Role.OFFICER], workspace=workspace, quarter=Quarter(2026, 3))
    assert report.version == 2
    assert report.origin == QuarterlyReport.Origin.ON_DEMAND
