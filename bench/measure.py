"""Time the alert tick on the filled outbox: the claim alone, a whole tick, and the claim's plan.

Each measurement makes a chosen set of pending rows due, runs the product code
(``incidents.outbox.claim_due`` or ``run_tick``) unchanged, and puts the rows
back to pending before the next repetition. A VACUUM before each repetition
removes the dead row versions and index entries that the previous one left,
so every repetition starts from the same data. The first repetition warms the
caches and is not counted.

``measure_sent_backlog`` measures the opposite case on purpose: rows that
were claimed and sent since the last VACUUM, whose dead index entries the
claim still has to read.
"""

from __future__ import annotations

import logging
import re
import statistics
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core import mail
from django.db import connection, reset_queries, transaction
from django.db.models import F
from psycopg import sql
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.models import AlertDelivery, DeliveryAttempt
from incidents.outbox import claim_due, run_tick

logger = logging.getLogger(__name__)


@dataclass
class Timing:
    """Wall-clock samples of one measurement in seconds, without the warm-up run."""

    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def minimum(self) -> float:
        return min(self.samples)


@dataclass
class PlanSummary:
    """EXPLAIN (ANALYZE, BUFFERS) of the claim's SELECT ... FOR UPDATE SKIP LOCKED."""

    lines: list[str]
    execution_ms: float  # median over the runs
    top_buffers: str  # the first "Buffers:" line, which totals the whole plan


@dataclass
class DueSet:
    """Pending rows made due for a measurement, with their scheduled times to restore afterwards."""

    ids: list
    original_times: dict  # id -> (send_at, next_attempt_at)


def make_due(count: int, *, now: datetime) -> DueSet:
    """Make ``count`` pending rows due, one second apart, ending one second before ``now``.

    The rows are the first by primary key. The ids are random UUIDs, so the rows
    spread over all workspaces.
    """
    rows = list(
        AlertDelivery.all_workspaces.filter(status=AlertDelivery.Status.PENDING)
        .order_by("id").values_list("id", "send_at", "next_attempt_at")[:count]
    )
    if len(rows) < count:
        raise RuntimeError(f"Only {len(rows)} pending rows exist, but {count} are needed as due rows. "
                           f"Use a smaller --due.")
    due = [AlertDelivery(id=row_id, send_at=now - timedelta(seconds=index + 1),
                         next_attempt_at=now - timedelta(seconds=index + 1))
           for index, (row_id, _send_at, _next) in enumerate(rows)]
    # AlertDelivery has audit_changes = False, so bulk_update writes no audit events.
    AlertDelivery.all_workspaces.bulk_update(due, ["send_at", "next_attempt_at"])
    return DueSet(ids=[row[0] for row in rows], original_times={row[0]: (row[1], row[2]) for row in rows})


def restore_schedule(due_set: DueSet) -> None:
    """Give the rows of ``due_set`` their future times back."""
    rows = [AlertDelivery(id=row_id, send_at=send_at, next_attempt_at=next_attempt_at)
            for row_id, (send_at, next_attempt_at) in due_set.original_times.items()]
    AlertDelivery.all_workspaces.bulk_update(rows, ["send_at", "next_attempt_at"])


def reset_to_pending(ids: list) -> None:
    """Undo a claim or a tick on ``ids``: pending again, due again, no attempts.

    The tick's ``alert_sent`` audit events stay, because the audit table rejects
    DELETE. They go to the workspaces' chains and do not touch the outbox.
    """
    DeliveryAttempt.objects.filter(delivery_id__in=ids).delete()
    AlertDelivery.all_workspaces.filter(id__in=ids).update(
        status=AlertDelivery.Status.PENDING, lease_expires_at=None, attempts=0, sent_at=None, late=False,
        last_error="", next_attempt_at=F("send_at"),
    )


def vacuum_outbox() -> None:
    """VACUUM the outbox table, including its indexes.

    INDEX_CLEANUP ON is needed because PostgreSQL 14 and later skip the index
    pass when few heap pages have dead tuples, which would leave the dead
    index entries of the last repetition in place.
    """
    table = sql.Identifier(AlertDelivery._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("VACUUM (INDEX_CLEANUP ON) {}").format(table).as_string())


def time_claims(*, repeats: int, vacuum: bool = True) -> tuple[Timing, int]:
    """Time ``claim_due`` ``repeats`` times. Return the timing and the number of rows the last claim took.

    With ``vacuum`` false, dead index entries from earlier repetitions stay, as between two autovacuum runs.
    """
    timing = Timing()
    claimed_count = 0
    for repetition in range(repeats + 1):
        if vacuum:
            vacuum_outbox()
        started = time.perf_counter()
        claimed = claim_due(now=timezone.now())
        elapsed = time.perf_counter() - started
        reset_to_pending(claimed)
        claimed_count = len(claimed)
        if repetition > 0:
            timing.samples.append(elapsed)
    return timing, claimed_count


def time_ticks(due_set: DueSet, *, repeats: int) -> tuple[Timing, dict, int]:
    """Time ``run_tick`` with the locmem e-mail backend.

    Return the timing, the outcome counts of the last tick and the number of
    SQL statements of one more, untimed tick. The count does not depend on the
    machine's load, which the timings do.
    """
    timing = Timing()
    counts: dict = {}
    for repetition in range(repeats + 1):
        vacuum_outbox()
        mail.outbox = []
        started = time.perf_counter()
        counts = run_tick()
        elapsed = time.perf_counter() - started
        if len(mail.outbox) != len(due_set.ids):
            logger.warning("tick sent %d e-mails for %d due rows (outcomes %s)", len(mail.outbox),
                           len(due_set.ids), counts)
        reset_to_pending(due_set.ids)
        if repetition > 0:
            timing.samples.append(elapsed)
    vacuum_outbox()
    statements = 0

    def count_statement(execute, sql_text, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql_text, params, many, context)

    # An execute wrapper counts every statement, while CaptureQueriesContext keeps only the last 9000.
    with connection.execute_wrapper(count_statement):
        run_tick()
    reset_to_pending(due_set.ids)
    mail.outbox = []
    return timing, counts, statements


_EXECUTION_TIME = re.compile(r"Execution Time: ([0-9.]+) ms")


def _explain(statements: list[str], *, repeats: int) -> PlanSummary:
    """Run EXPLAIN (ANALYZE, BUFFERS) on each statement ``repeats`` times, each run rolled back.

    The summary keeps the plans of the last run, the median over runs of the
    summed execution times, and the top "Buffers:" line of each statement.
    """
    execution_times = []
    plans: list[list[str]] = []
    for _ in range(repeats):
        plans = []
        with transaction.atomic():
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
                    plans.append([row[0] for row in cursor.fetchall()])
            # EXPLAIN ANALYZE runs the query and so locks the due rows. The rollback releases them.
            transaction.set_rollback(True)
        execution_times.append(sum(float(match.group(1)) for plan in plans for line in plan
                                   if (match := _EXECUTION_TIME.search(line))))
    buffers = [next((line.strip() for line in plan if line.strip().startswith("Buffers:")), "") for plan in plans]
    return PlanSummary(lines=[line for plan in plans for line in plan], execution_ms=statistics.median(execution_times),
                       top_buffers="; ".join(buffers))


def explain_claim(*, repeats: int, vacuum: bool = True) -> PlanSummary:
    """EXPLAIN (ANALYZE, BUFFERS) the SELECT that ``claim_due`` sends.

    The SELECT is captured from a real ``claim_due`` call, so the plan follows
    the product's query even when ``claim_due`` changes.
    """
    # The query log is a deque of at most 9000 entries. Once full, CaptureQueriesContext returns nothing.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        claimed = claim_due(now=timezone.now())
    reset_to_pending(claimed)
    if vacuum:
        vacuum_outbox()
    selects = [query["sql"] for query in captured.captured_queries if "SKIP LOCKED" in query["sql"]]
    if not selects:
        raise RuntimeError("claim_due sent no SELECT ... SKIP LOCKED. Update explain_claim in bench/measure.py "
                           "to the new claim query.")
    return _explain(selects[:1], repeats=repeats)


def candidate_claim_statements(*, now: datetime, limit: int = 50) -> list[str]:
    """Return the SQL of a proposed claim that is not product code: one ordered query per index.

    Each query filters one status, orders by the second column of its index and
    stops after ``limit`` rows, so PostgreSQL can use a plain index scan, which
    marks dead index entries as killed for later scans. The OR query of
    ``claim_due`` gets a BitmapOr plan, which reads every dead entry again.
    """
    claimable = AlertDelivery.all_workspaces.select_for_update(skip_locked=True)
    expired = (claimable.filter(status=AlertDelivery.Status.SENDING, lease_expires_at__lte=now)
               .order_by("lease_expires_at").values_list("id", flat=True)[:limit])
    pending = (claimable.filter(status=AlertDelivery.Status.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at").values_list("id", flat=True)[:limit])
    statements = []
    with transaction.atomic():  # compiling SELECT ... FOR UPDATE needs a transaction
        for queryset in (expired, pending):
            compiled_sql, params = queryset.query.sql_with_params()
            with connection.cursor() as cursor:
                statements.append(cursor.mogrify(compiled_sql, params))
    return statements


@dataclass
class StageResult:
    """All measurements at one table size and one number of due rows."""

    total_rows: int
    due_rows: int
    claimed_per_claim: int
    claim: Timing
    tick: Timing
    tick_counts: dict
    tick_statements: int
    plan: PlanSummary


def measure_stage(*, total_rows: int, due_rows: int, claim_repeats: int, tick_repeats: int) -> StageResult:
    """Make ``due_rows`` rows due, measure claim, tick and plan, then restore the rows' future times."""
    before = AlertDelivery.all_workspaces.count()
    due_set = make_due(due_rows, now=timezone.now())
    try:
        claim, claimed = time_claims(repeats=claim_repeats)
        tick, counts, statements = time_ticks(due_set, repeats=tick_repeats)
        plan = explain_claim(repeats=claim_repeats)
    finally:
        restore_schedule(due_set)
    after = AlertDelivery.all_workspaces.count()
    if after != before:
        # Sending a "due" step schedules "overdue-1" for the workspace's recipients. The benchmark
        # workspaces have no members, officers, partners or webhooks, so no rows should appear.
        logger.warning("the outbox had %d rows before the measurement and %d after", before, after)
    return StageResult(total_rows=total_rows, due_rows=due_rows, claimed_per_claim=claimed, claim=claim,
                       tick=tick, tick_counts=counts, tick_statements=statements, plan=plan)


def disable_autovacuum() -> None:
    """Switch autovacuum off for the outbox table of the benchmark database.

    The measurements run VACUUM themselves, and a background run at a random
    moment would change the data between repetitions.
    """
    table = sql.Identifier(AlertDelivery._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("ALTER TABLE {} SET (autovacuum_enabled = off)").format(table).as_string())


def autovacuum_backlog(total_rows: int) -> int:
    """Estimate how many alerts are sent before autovacuum would VACUUM an outbox of ``total_rows`` rows.

    Autovacuum starts when dead tuples exceed autovacuum_vacuum_threshold +
    autovacuum_vacuum_scale_factor * rows (the server's settings, 50 and 0.2 by
    default). Each sent alert leaves two dead tuples: the claim's update and the outcome's.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('autovacuum_vacuum_threshold')::int, "
                       "current_setting('autovacuum_vacuum_scale_factor')::float8")
        threshold, scale_factor = cursor.fetchone()
    return int((threshold + scale_factor * total_rows) / 2)


def send_backlog(count: int, *, now: datetime) -> None:
    """Walk ``count`` pending rows through pending (due), sending and sent, as ticks would, without VACUUM after.

    The rows are the last by primary key, so they never overlap the due rows of
    ``make_due``. The first update only moves the rows into the past and is
    vacuumed away, because in production a row reaches its due time without
    an update.

    NOTE: the updates pack the row versions into fewer heap pages than a real
    outbox has, so a scan that visits each dead entry's page reads fewer pages here.
    """
    boundary = (AlertDelivery.all_workspaces.filter(status=AlertDelivery.Status.PENDING)
                .order_by("-id").values_list("id", flat=True)[count - 1])
    chosen = AlertDelivery.all_workspaces.filter(id__gte=boundary)
    due_at = now - timedelta(hours=1)
    chosen.filter(status=AlertDelivery.Status.PENDING).update(send_at=due_at, next_attempt_at=due_at)
    vacuum_outbox()
    chosen.filter(status=AlertDelivery.Status.PENDING, next_attempt_at=due_at).update(
        status=AlertDelivery.Status.SENDING, lease_expires_at=now + timedelta(minutes=5), attempts=1)
    chosen.filter(status=AlertDelivery.Status.SENDING).update(
        status=AlertDelivery.Status.SENT, lease_expires_at=None, sent_at=now)


@dataclass
class BacklogResult:
    """``claim_due`` with rows sent since the last VACUUM, and again after a VACUUM."""

    total_rows: int
    due_rows: int
    sent_rows: int
    claim_before_vacuum: Timing
    plan_before_vacuum: PlanSummary
    claim_after_vacuum: Timing
    plan_after_vacuum: PlanSummary
    candidate_first: PlanSummary  # the proposed claim's first run, which marks the dead entries killed
    candidate_repeated: PlanSummary  # its later runs on the same data


def measure_sent_backlog(*, total_rows: int, due_rows: int, claim_repeats: int) -> BacklogResult:
    """Measure the claim after as many alerts were sent as autovacuum's default trigger lets pile up.

    The sent rows stay sent afterwards, as history does in production.
    """
    sent_rows = autovacuum_backlog(total_rows)
    vacuum_outbox()
    send_backlog(sent_rows, now=timezone.now())
    due_set = make_due(due_rows, now=timezone.now())
    try:
        before, _claimed = time_claims(repeats=claim_repeats, vacuum=False)
        plan_before = explain_claim(repeats=claim_repeats, vacuum=False)
        candidate = candidate_claim_statements(now=timezone.now())
        candidate_first = _explain(candidate, repeats=1)
        candidate_repeated = _explain(candidate, repeats=claim_repeats)
        after, _claimed = time_claims(repeats=claim_repeats)
        plan_after = explain_claim(repeats=claim_repeats)
    finally:
        restore_schedule(due_set)
        vacuum_outbox()
    return BacklogResult(total_rows=total_rows, due_rows=due_rows, sent_rows=sent_rows,
                         claim_before_vacuum=before, plan_before_vacuum=plan_before,
                         claim_after_vacuum=after, plan_after_vacuum=plan_after,
                         candidate_first=candidate_first, candidate_repeated=candidate_repeated)
