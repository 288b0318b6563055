"""Bulk data for bench/load.py: tasks, pending escalation steps, audit events and a partner's clients.

Rows go in with plain ``bulk_create`` or COPY, not through the services: the
services append an audit event per row, which would take hours at these sizes
and which the pages under test read only as the audit log's own rows.
"""

from __future__ import annotations

import hashlib
import random
import time
from datetime import date, timedelta

from django.db import models, transaction
from django.utils import timezone


def add_tasks(workspace, owner, *, count: int, seed: int) -> None:
    from civac.tenancy.context import workspace_context
    from isms.models import Task

    rng = random.Random(seed)
    today = timezone.localdate()
    with workspace_context(workspace):
        models.QuerySet(model=Task).bulk_create([
            Task(workspace=workspace, title=f"Task {number:05d}", due_on=today + timedelta(days=rng.randint(-60, 300)),
                 owner=owner if number % 3 else None,
                 status=Task.Status.DONE if number % 4 == 0 else Task.Status.OPEN)
            for number in range(count)], batch_size=2000)


def add_pending_steps(total: int, *, seed: int, big_workspace):
    """Fill client workspaces with incidents and ``total`` pending alert rows; return an incident of the big one."""
    from bench.fill import ROWS_PER_WORKSPACE, fill_to, start_fill
    from civac.tenancy.models import Membership
    from tests import builders

    state = start_fill(now=timezone.now(), seed=seed)
    fill_to(state, max(ROWS_PER_WORKSPACE, total - total % ROWS_PER_WORKSPACE))
    reporter = Membership.all_workspaces.filter(workspace=big_workspace).select_related("user").first().user
    return builders.significant_incident(big_workspace, reporter=reporter, title="Ransomware on the ERP server").pk


def add_incidents(workspace, *, count: int, seed: int) -> None:
    """Add ``count`` significant incidents to the big workspace, each with its NIS-2 obligations and pending alerts."""
    from bench.fill import INCIDENTS_PER_WORKSPACE, FillState, _alert_rows, _incident_rows, _obligation_rows, copy_rows
    from civac.accounts.models import User
    from incidents.models import AlertDelivery, Incident, ReportingObligation

    # The reporter that add_pending_steps created names these incidents too.
    reporter = User.objects.get(email="bench-reporter@civac.invalid")
    state = FillState(now=timezone.now(), rng=random.Random(seed + 1), reporter_id=reporter.pk)
    with transaction.atomic():
        for _ in range(max(1, count // INCIDENTS_PER_WORKSPACE)):
            incidents = _incident_rows(state, [workspace.pk])
            copy_rows(Incident, ["id", "workspace", "title", "aware_at", "aware_time_zone", "reporter", "significant"],
                      incidents, now=state.now)
            obligations = _obligation_rows(state, incidents)
            copy_rows(ReportingObligation,
                      ["id", "workspace", "incident", "regime", "kind", "clock_id", "trigger_at", "due_at"],
                      obligations, now=state.now)
            copy_rows(AlertDelivery, ["id", "workspace", "obligation", "step", "recipient", "channel", "send_at",
                                      "next_attempt_at", "status"], _alert_rows(state, obligations), now=state.now)


def add_audit_events(workspace, actor, *, count: int) -> None:
    """Append ``count`` events to the workspace's chain by COPY, continuing its sequence and hashes."""
    from civac.audit.models import AuditChainHead, AuditEvent

    chain = str(workspace.pk)
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(chain_key=chain)
        sequence, previous = head.sequence, head.last_hash
        now = timezone.now()
        batch = []
        for number in range(count):
            sequence += 1
            digest = hashlib.sha256(f"{chain}:{sequence}:{previous}".encode()).hexdigest()
            batch.append(AuditEvent(
                chain_key=chain, sequence=sequence, workspace=workspace, occurred_at=now - timedelta(seconds=count - number),
                actor=actor, actor_label=actor.email, action="update", object_type="isms.risk", object_id=str(number),
                object_repr=f"Risk {number:05d}", changes={}, prev_hash=previous, hash=digest))
            previous = digest
            if len(batch) == 5000:
                AuditEvent.objects.bulk_create(batch)
                batch = []
        AuditEvent.objects.bulk_create(batch)
        AuditChainHead.objects.filter(pk=head.pk).update(sequence=sequence, last_hash=previous)


def add_partner_portfolio(clients: int, *, big_workspace):
    """Create a partner with one staff member and active mandates for the big workspace and ``clients - 1`` others."""
    from civac.tenancy.models import Workspace
    from mandates.models import Mandate
    from tests import factories

    partner = factories.make_partner("bench-partner")
    staff = factories.make_user("staff@bench-partner.example")
    factories.add_partner_staff(partner, staff)
    others = list(Workspace.objects.exclude(pk=big_workspace.pk).order_by("slug")[:clients - 1])
    for number in range(len(others), clients - 1):
        others.append(Workspace.objects.create(slug=f"bench-client-{number:04d}",
                                               legal_name=f"Bench client {number:04d} GmbH"))
    models.QuerySet(model=Mandate).bulk_create([
        Mandate(workspace=workspace, partner=partner, status=Mandate.Status.ACTIVE, starts_on=date(2026, 1, 1))
        for workspace in [big_workspace, *others]])
    return partner.slug, staff


def session_for(user) -> str:
    """Create a database session signed in as ``user`` and return its key, for wrk's cookie header."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from civac.sessions import SEEN_KEY, STARTED_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[STARTED_KEY] = session[SEEN_KEY] = int(time.time())
    session.create()
    return session.session_key
