"""The dedicated benchmark database: its URL, and creating and dropping it.

The benchmark drops and recreates this database and fills it with a million
rows, so it rejects any database whose name does not contain "bench". That
keeps a DATABASE_URL meant for the application or the test suite from being
overwritten by mistake.
"""

from __future__ import annotations

import os

import dj_database_url
import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/civac_bench"
# CREATE and DROP DATABASE run in the server's maintenance database, which always exists.
MAINTENANCE_DATABASE = "postgres"


class UnsafeDatabase(RuntimeError):
    """The configured database is not a dedicated PostgreSQL benchmark database."""


def benchmark_url() -> str:
    """Return DATABASE_URL from the environment, or the local civac_bench database."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise UnsafeDatabase(
            f"DATABASE_URL uses the engine {config['ENGINE']}, but the benchmark needs PostgreSQL "
            f"(SKIP LOCKED and COPY). Use a URL such as {DEFAULT_URL}."
        )
    if "bench" not in config["NAME"]:
        raise UnsafeDatabase(
            f"DATABASE_URL names the database {config['NAME']!r}, whose name does not contain 'bench'. "
            f"The benchmark drops and refills its database, so point it at a dedicated one such as {DEFAULT_URL}."
        )
    return url


def _maintenance_connection(url: str) -> psycopg.Connection:
    config = dj_database_url.parse(url)
    return psycopg.connect(
        host=config["HOST"] or None, port=config["PORT"] or None, user=config["USER"] or None,
        password=config["PASSWORD"] or None, dbname=MAINTENANCE_DATABASE, autocommit=True,
    )


def recreate_database(url: str) -> None:
    """Drop the benchmark database if it exists and create it empty."""
    name = dj_database_url.parse(url)["NAME"]
    with _maintenance_connection(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    name = dj_database_url.parse(url)["NAME"]
    with _maintenance_connection(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def run_in_fresh_database(default_url: str, run, args) -> None:
    """Run ``run(args)`` with Django set up on a freshly created benchmark database; drop it afterwards.

    ``DATABASE_URL`` overrides ``default_url`` but must name a database with
    "bench" in its name. ``args.keep_database`` keeps the database for a look
    afterwards.
    """
    import shutil
    import tempfile

    os.environ.setdefault("DATABASE_URL", default_url)
    try:
        database_url = benchmark_url()
    except UnsafeDatabase as error:
        raise SystemExit(str(error)) from None
    var_dir = tempfile.mkdtemp(prefix="civac-bench-")
    recreate_database(database_url)
    try:
        from bench.alert_tick import configure_django

        configure_django(database_url, var_dir)
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_database:
            drop_database(database_url)
        shutil.rmtree(var_dir, ignore_errors=True)
