"""Fill the benchmark database with pending escalation steps.

Incidents, reporting obligations and alert rows are written with COPY through
the psycopg cursor under Django's connection, not through the services or the
tenant managers. ``AuditedQuerySet.bulk_create`` appends one audit event per
row to the workspace's hash chain, which would take hours for a million rows.
This is benchmark data, not an application write path, so no audit events,
signals or escalation logic run for it.

COPY names only the columns that the fill sets. Every other column gets the
model field's default, NULL, or the database default (see
``_implicit_value``), so fields added later with a default need no change here.
"""

from __future__ import annotations

import logging
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import NOT_PROVIDED, Field, Model
from psycopg import sql

from civac.accounts.models import User
from civac.tenancy.models import Workspace
from incidents.models import AlertDelivery, Incident, ObligationKind, Regime, ReportingObligation

logger = logging.getLogger(__name__)

INCIDENTS_PER_WORKSPACE = 25
# Two NIS-2 clocks per significant incident, as incidents.obligations opens them.
OBLIGATION_CLOCKS = [
    (ObligationKind.NIS2_EARLY_WARNING, Regime.NIS2, timedelta(hours=24)),
    (ObligationKind.NIS2_NOTIFICATION, Regime.NIS2, timedelta(hours=72)),
]
# Steps that come after half time, with their offset from the due time. The
# two hours of "overdue-1" are an example interval, because the fill needs only distinct future times.
STEP_OFFSETS = [("due-4h", timedelta(hours=-4)), ("due-1h", timedelta(hours=-1)),
                ("due", timedelta(0)), ("overdue-1", timedelta(hours=2))]
RECIPIENTS_PER_OBLIGATION = 4
STEPS_PER_OBLIGATION = len(STEP_OFFSETS) + 1  # plus "half", which depends on the clock's length
ROWS_PER_WORKSPACE = (INCIDENTS_PER_WORKSPACE * len(OBLIGATION_CLOCKS) * STEPS_PER_OBLIGATION
                      * RECIPIENTS_PER_OBLIGATION)

# Due times lie 2 to 62 days ahead, so even the "half" step of a 72 h clock
# (36 h before due) is in the future, and every filled row is pending and not due.
EARLIEST_DUE = timedelta(days=2)
DUE_SPREAD_SECONDS = 60 * 24 * 3600
WORKSPACES_PER_BATCH = 50


class UnfillableColumn(RuntimeError):
    """A NOT NULL column that the fill neither sets nor can default."""


def _implicit_value(field: Field, now: datetime):
    """Return the value the fill writes for a column it does not set, or NOT_PROVIDED to leave it out.

    Leaving a column out of COPY gives it the database default, or NULL.
    """
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.db_default is not NOT_PROVIDED:
        return NOT_PROVIDED
    # Django's own default: the field's default, or "" for a string field that is NOT NULL.
    if field.has_default() or (field.empty_strings_allowed and not field.null):
        if field.unique:
            raise UnfillableColumn(
                f"{field.model._meta.label}.{field.name} is unique, so one default for every row would "
                f"violate it. Set the column explicitly in bench/fill.py."
            )
        return field.get_db_prep_save(field.get_default(), connection)
    if field.null:
        return NOT_PROVIDED
    raise UnfillableColumn(
        f"{field.model._meta.label}.{field.name} (column {field.column}) is NOT NULL and has no default. "
        f"Set a value for it in bench/fill.py."
    )


def copy_rows(model: type[Model], field_names: list[str], rows, *, now: datetime) -> int:
    """COPY ``rows`` (tuples in the order of ``field_names``) into the model's table and return the count."""
    meta = model._meta
    explicit = [meta.get_field(name) for name in field_names]
    implicit_fields, implicit_values = [], []
    for field in meta.concrete_fields:
        if field.name in field_names:
            continue
        value = _implicit_value(field, now)
        if value is not NOT_PROVIDED:
            implicit_fields.append(field)
            implicit_values.append(value)
    columns = [field.column for field in explicit + implicit_fields]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    suffix = tuple(implicit_values)
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row + suffix)
            count += 1
    return count


@dataclass
class FillState:
    """Progress of the fill, kept so that a later call can grow the data set."""

    now: datetime
    rng: random.Random
    reporter_id: int
    workspaces: int = 0
    alerts: int = 0


def _uuid(rng: random.Random) -> uuid.UUID:
    """A version 4 UUID from the seeded generator, so that two fills write the same ids."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def start_fill(*, now: datetime, seed: int) -> FillState:
    """Create the reporter that every benchmark incident names."""
    reporter = User.objects.create_user(email="bench-reporter@civac.invalid", password=None)
    return FillState(now=now, rng=random.Random(seed), reporter_id=reporter.pk)


def _incident_rows(state: FillState, workspace_ids: list[uuid.UUID]):
    incidents = []
    for workspace_id in workspace_ids:
        for number in range(INCIDENTS_PER_WORKSPACE):
            incidents.append((_uuid(state.rng), workspace_id, f"Benchmark incident {number + 1}",
                              state.now, "Europe/Berlin", state.reporter_id, True))
    return incidents


def _obligation_rows(state: FillState, incidents: list[tuple]):
    obligations = []
    for incident in incidents:
        incident_id, workspace_id = incident[0], incident[1]
        due_base = state.now + EARLIEST_DUE + timedelta(seconds=state.rng.randrange(DUE_SPREAD_SECONDS))
        for kind, regime, span in OBLIGATION_CLOCKS:
            due_at = due_base + span
            obligations.append((_uuid(state.rng), workspace_id, incident_id, regime, kind, kind,
                                due_at - span, due_at))
    return obligations


def _alert_rows(state: FillState, obligations: list[tuple]):
    for obligation_id, workspace_id, _incident, _regime, _kind, _clock, trigger_at, due_at in obligations:
        steps = [("half", trigger_at + (due_at - trigger_at) / 2)]
        steps += [(name, due_at + offset) for name, offset in STEP_OFFSETS]
        for step, send_at in steps:
            for number in range(RECIPIENTS_PER_OBLIGATION):
                yield (_uuid(state.rng), workspace_id, obligation_id, step,
                       f"recipient-{number + 1}@bench.civac.invalid", AlertDelivery.Channel.EMAIL,
                       send_at, send_at, AlertDelivery.Status.PENDING)


def _fill_batch(state: FillState, count: int) -> None:
    workspaces = [
        Workspace(id=_uuid(state.rng), slug=f"bench-{index:05d}", legal_name=f"Bench {index:05d} GmbH",
                  default_language="de" if index % 2 == 0 else "en")
        for index in range(state.workspaces, state.workspaces + count)
    ]
    with transaction.atomic():
        # Workspace is not a tenant model, so its manager writes no audit events.
        Workspace.objects.bulk_create(workspaces)
        incidents = _incident_rows(state, [workspace.id for workspace in workspaces])
        copy_rows(Incident, ["id", "workspace", "title", "aware_at", "aware_time_zone", "reporter", "significant"],
                  incidents, now=state.now)
        obligations = _obligation_rows(state, incidents)
        copy_rows(ReportingObligation,
                  ["id", "workspace", "incident", "regime", "kind", "clock_id", "trigger_at", "due_at"],
                  obligations, now=state.now)
        state.alerts += copy_rows(
            AlertDelivery,
            ["id", "workspace", "obligation", "step", "recipient", "channel", "send_at", "next_attempt_at",
             "status"],
            _alert_rows(state, obligations), now=state.now,
        )
    state.workspaces += count


def fill_to(state: FillState, total_alerts: int) -> None:
    """Add workspaces with their incidents, obligations and pending alerts until ``total_alerts`` exist.

    ``total_alerts`` must be a multiple of ROWS_PER_WORKSPACE.
    """
    target_workspaces = total_alerts // ROWS_PER_WORKSPACE
    while state.workspaces < target_workspaces:
        count = min(WORKSPACES_PER_BATCH, target_workspaces - state.workspaces)
        _fill_batch(state, count)
        logger.info("filled %d workspaces, %d alert rows", state.workspaces, state.alerts)
    tables = [model._meta.db_table for model in (Workspace, Incident, ReportingObligation, AlertDelivery)]
    with connection.cursor() as cursor:
        for table in tables:
            # VACUUM sets the visibility map and ANALYZE the planner statistics, as autovacuum would
            # some time after a real load. Running them here keeps the results independent of autovacuum.
            cursor.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)).as_string())
