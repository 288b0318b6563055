"""The Markdown report of bench.alert_tick: the machine, the comparison tables and the claim's plans."""

from __future__ import annotations

import os
import platform
import subprocess
from typing import TextIO

import django
from django.db import connection

from bench.measure import BacklogResult, StageResult


def machine_description() -> dict[str, str]:
    """Return the CPU model, cores, memory, PostgreSQL version and settings, and the code's versions."""
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT name, setting, unit FROM pg_settings WHERE name IN "
                       "('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'autovacuum') "
                       "ORDER BY name")
        pg_settings = ", ".join(f"{name}={setting}{' x ' + unit if unit else ''}"
                                for name, setting, unit in cursor.fetchall())
    return {
        "CPU": cpu, "cores": str(os.cpu_count()), "memory": memory, "PostgreSQL": version,
        "PostgreSQL settings": pg_settings,
        "Python": platform.python_version(), "Django": django.get_version(), "code": code_version(),
    }


def code_version() -> str:
    """Return the commit of the work tree, and how many tracked files differ from it."""
    def git(*arguments: str) -> str:
        completed = subprocess.run(["git", *arguments], capture_output=True, text=True, check=False,
                                   cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        return completed.stdout.strip() if completed.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = len(git("status", "--porcelain", "--untracked-files=no").splitlines())
    return f"commit {commit}, {changed} tracked files changed in the work tree" if changed else f"commit {commit}"


def format_load(averages: tuple[float, float, float]) -> str:
    return " ".join(f"{average:.2f}" for average in averages)


def _milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def _ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}" if denominator > 0 else "n/a"


def _write_size_comparison(out: TextIO, results: dict[tuple[int, int], StageResult], sizes: tuple[int, int],
                           due_counts: tuple[int, int]) -> None:
    small, large = sizes
    out.write(f"\n### Same due rows, {small:,} vs {large:,} rows in the outbox\n\n")
    out.write("Times in ms, median of the timed runs (minimum in brackets).\n\n")
    out.write(f"| measurement | due rows | {small:,} rows | {large:,} rows | ratio large/small (medians) |\n")
    out.write("| --- | ---: | ---: | ---: | ---: |\n")
    for due in due_counts:
        low, high = results[(small, due)], results[(large, due)]
        out.write(f"| claim_due | {due} | {_milliseconds(low.claim.median)} ({_milliseconds(low.claim.minimum)}) "
                  f"| {_milliseconds(high.claim.median)} ({_milliseconds(high.claim.minimum)}) "
                  f"| {_ratio(high.claim.median, low.claim.median)} |\n")
        out.write(f"| claim SELECT, EXPLAIN ANALYZE execution time | {due} | {low.plan.execution_ms:.3f} "
                  f"| {high.plan.execution_ms:.3f} | {_ratio(high.plan.execution_ms, low.plan.execution_ms)} |\n")
        out.write(f"| run_tick | {due} | {_milliseconds(low.tick.median)} ({_milliseconds(low.tick.minimum)}) "
                  f"| {_milliseconds(high.tick.median)} ({_milliseconds(high.tick.minimum)}) "
                  f"| {_ratio(high.tick.median, low.tick.median)} |\n")


def _write_due_comparison(out: TextIO, results: dict[tuple[int, int], StageResult], sizes: tuple[int, int],
                          due_counts: tuple[int, int]) -> None:
    base, more = due_counts
    out.write(f"\n### Same outbox size, {base} vs {more} due rows\n\n")
    out.write(f"| measurement | outbox rows | {base} due | {more} due | ratio {more}/{base} (medians) |\n")
    out.write("| --- | ---: | ---: | ---: | ---: |\n")
    for size in sizes:
        low, high = results[(size, base)], results[(size, more)]
        out.write(f"| claim_due (ms) | {size:,} | {_milliseconds(low.claim.median)} | "
                  f"{_milliseconds(high.claim.median)} | {_ratio(high.claim.median, low.claim.median)} |\n")
        out.write(f"| run_tick (ms) | {size:,} | {_milliseconds(low.tick.median)} | "
                  f"{_milliseconds(high.tick.median)} | {_ratio(high.tick.median, low.tick.median)} |\n")


def _write_cases(out: TextIO, results: dict[tuple[int, int], StageResult]) -> None:
    out.write("\n### Rows and buffers per case\n\n")
    out.write("| outbox rows | due rows | rows per claim | tick outcomes | SQL statements per tick "
              "| run_tick runs (s) | claim SELECT buffers |\n")
    out.write("| ---: | ---: | ---: | --- | ---: | --- | --- |\n")
    for (size, due), result in sorted(results.items()):
        outcomes = ", ".join(f"{outcome}: {count}" for outcome, count in sorted(result.tick_counts.items()))
        runs = " ".join(f"{sample:.2f}" for sample in result.tick.samples)
        out.write(f"| {size:,} | {due} | {result.claimed_per_claim} | {outcomes} | {result.tick_statements:,} "
                  f"| {runs} | {result.plan.top_buffers} |\n")


def _write_backlog(out: TextIO, backlogs: dict[int, BacklogResult], sizes: tuple[int, int]) -> None:
    small, large = sizes
    due = backlogs[small].due_rows
    out.write(f"\n### Claim with alerts sent since the last VACUUM, {due} due\n\n")
    out.write("Sent rows: the estimate of how many alerts autovacuum's default trigger lets pile up "
              "(two dead tuples per sent alert). claim_due in ms, median (minimum).\n\n")
    out.write("| outbox rows | sent since VACUUM | claim_due before VACUUM | claim_due after VACUUM "
              "| ratio before/after |\n")
    out.write("| ---: | ---: | ---: | ---: | ---: |\n")
    for size in sizes:
        backlog = backlogs[size]
        before, after = backlog.claim_before_vacuum, backlog.claim_after_vacuum
        out.write(f"| {size:,} | {backlog.sent_rows:,} | {_milliseconds(before.median)} "
                  f"({_milliseconds(before.minimum)}) | {_milliseconds(after.median)} "
                  f"({_milliseconds(after.minimum)}) | {_ratio(before.median, after.median)} |\n")
    low, high = backlogs[small].claim_before_vacuum, backlogs[large].claim_before_vacuum
    out.write(f"\nBefore VACUUM, {large:,} rows against {small:,} rows: ratio "
              f"{_ratio(high.median, low.median)} (medians).\n")

    out.write("\nThe claim's SELECT in the same state: EXPLAIN ANALYZE execution time in ms (median) and "
              "buffers. The proposed claim (one ordered query per index, `candidate_claim_statements` in "
              "bench/measure.py) is not product code.\n\n")
    out.write("| outbox rows | query | state | execution ms | buffers |\n")
    out.write("| ---: | --- | --- | ---: | --- |\n")
    for size in sizes:
        backlog = backlogs[size]
        cases = [("claim_due SELECT", "before VACUUM", backlog.plan_before_vacuum),
                 ("proposed claim", "before VACUUM, first run", backlog.candidate_first),
                 ("proposed claim", "before VACUUM, later runs", backlog.candidate_repeated),
                 ("claim_due SELECT", "after VACUUM", backlog.plan_after_vacuum)]
        for query, state, plan in cases:
            out.write(f"| {size:,} | {query} | {state} | {plan.execution_ms:.3f} | {plan.top_buffers} |\n")


def _write_plans(out: TextIO, results: dict[tuple[int, int], StageResult], backlogs: dict[int, BacklogResult],
                 large: int, due_counts: tuple[int, int]) -> None:
    base, more = due_counts
    backlog = backlogs[large]
    plans = [
        (f"claim SELECT, {large:,} rows, {base} due, VACUUM before each run", results[(large, base)].plan),
        (f"claim SELECT, {large:,} rows, {more} due, VACUUM before each run", results[(large, more)].plan),
        (f"claim SELECT, {large:,} rows, {base} due, {backlog.sent_rows:,} rows sent since the last VACUUM",
         backlog.plan_before_vacuum),
        (f"proposed claim, {large:,} rows, {base} due, {backlog.sent_rows:,} rows sent since the last VACUUM, "
         f"after its first run", backlog.candidate_repeated),
    ]
    for title, plan in plans:
        out.write(f"\n### EXPLAIN (ANALYZE, BUFFERS), {title}\n\n```\n")
        out.write("\n".join(plan.lines))
        out.write("\n```\n")


def print_report(out: TextIO, *, results: dict[tuple[int, int], StageResult], backlogs: dict[int, BacklogResult],
                 sizes: tuple[int, int], due_counts: tuple[int, int], machine: dict[str, str], command: str) -> None:
    """Write the results as Markdown: the machine, one table per comparison, and the plans."""
    out.write(f"## Alert tick: `{command}`\n\n")
    for key, value in machine.items():
        out.write(f"- {key}: {value}\n")
    _write_size_comparison(out, results, sizes, due_counts)
    _write_due_comparison(out, results, sizes, due_counts)
    _write_cases(out, results)
    _write_backlog(out, backlogs, sizes)
    _write_plans(out, results, backlogs, sizes[1], due_counts)
