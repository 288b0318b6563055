"""The audit chain on whichever database the run uses (scripts/test runs it on PostgreSQL and SQLite)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.audit.recorder import append_event
from civac.audit.verify import verify_chain
from civac.tenancy.context import workspace_context
from officers.models import Officer
from tests import factories

pytestmark = pytest.mark.django_db


def _events(workspace):
    return list(AuditEvent.objects.filter(workspace=workspace).order_by("sequence"))


def _tamper(sql: str, params: list) -> None:
    """Change a row the way a database administrator could: with the append-only trigger out of the way."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update_delete")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
            cursor.execute(sql, params)


def test_create_update_delete_write_chained_events(workspace):
    user = factories.make_user("officer@acme.example")
    with workspace_context(workspace), acting_as(user):
        officer = Officer.objects.create(workspace=workspace, first_name="Anna", last_name="Schneider",
                                         email="anna@example.com")
        officer.phone = "+49 30 1234"
        officer.save()
        officer.delete()
    events = [e for e in _events(workspace) if e.object_type == "officers.officer"]
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert events[1].changes["phone"] == ["", "+49 30 1234"]
    assert events[0].actor_id == user.pk
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(_events(workspace), _events(workspace)[1:]))


def test_bulk_update_and_queryset_delete_are_audited(workspace):
    factories.make_officer(workspace, email="a@example.com")
    factories.make_officer(workspace, email="b@example.com")
    with workspace_context(workspace):
        assert Officer.objects.update(phone="110") == 2
        Officer.objects.all().delete()
    actions = [e.action for e in _events(workspace) if e.object_type == "officers.officer"]
    assert actions.count("update") == 2
    assert actions.count("delete") == 2


def test_failed_write_leaves_no_event(workspace):
    before = AuditEvent.objects.filter(workspace=workspace).count()
    with pytest.raises(RuntimeError), transaction.atomic(), workspace_context(workspace):
        Officer.objects.create(workspace=workspace, first_name="A", last_name="B", email="x@example.com")
        raise RuntimeError("roll back")
    assert AuditEvent.objects.filter(workspace=workspace).count() == before


def test_database_rejects_update_and_delete(workspace):
    factories.make_officer(workspace)
    event = _events(workspace)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="edited")
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, action=event.action).exists()


def test_verify_reports_intact_chain(workspace):
    factories.make_officer(workspace)
    report = verify_chain(str(workspace.pk))
    assert report.intact
    assert report.events == len(_events(workspace))


def test_verify_names_first_changed_event(workspace):
    factories.make_officer(workspace, email="a@example.com")
    factories.make_officer(workspace, email="b@example.com")
    target = _events(workspace)[1]
    _tamper("UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", ["forged", target.pk])
    report = verify_chain(str(workspace.pk))
    assert not report.intact
    assert report.broken_sequence == target.sequence
    assert "hash" in report.reason


def test_verify_detects_removed_tail_against_exported_head(workspace):
    factories.make_officer(workspace, email="a@example.com")
    factories.make_officer(workspace, email="b@example.com")
    last = _events(workspace)[-1]
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditchainhead SET sequence = %s, last_hash = %s WHERE chain_key = %s",
                       [last.sequence - 1, last.prev_hash, str(workspace.pk)])
    assert verify_chain(str(workspace.pk)).intact  # consistent without outside knowledge
    report = verify_chain(str(workspace.pk), expected_head=(last.sequence, last.hash))
    assert not report.intact
    assert report.broken_sequence == last.sequence


def test_command_exits_nonzero_naming_event(workspace, capsys):
    factories.make_officer(workspace)
    call_command("verify_audit_log", "--workspace", workspace.slug)
    assert "intact" in capsys.readouterr().out
    event = _events(workspace)[0]
    _tamper("UPDATE audit_auditevent SET actor_label = %s WHERE id = %s", ["mallory", event.pk])
    with pytest.raises(CommandError) as error:
        call_command("verify_audit_log", "--workspace", workspace.slug)
    assert error.value.returncode == 1
    assert f"BROKEN at sequence {event.sequence}" in capsys.readouterr().err


def test_command_rejects_unknown_workspace():
    with pytest.raises(CommandError, match="not found"):
        call_command("verify_audit_log", "--workspace", "nope")


def test_platform_chain_holds_events_without_workspace():
    append_event(workspace_id=None, action="login", object_repr="someone@example.com")
    append_event(workspace_id=None, action="logout", object_repr="someone@example.com")
    assert verify_chain("platform").intact
    assert AuditEvent.objects.filter(chain_key="platform").count() == 2
