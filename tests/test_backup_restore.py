"""Backup and restore into an empty database, with the audit chains verified afterwards."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_database():
    name = f"civac_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _manage(*args, database: str, tmp_path) -> subprocess.CompletedProcess:
    db = connection.settings_dict
    env = dict(os.environ, DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{database}",
               CIVAC_VAR_DIR=str(tmp_path / "var"), MEDIA_ROOT=str(tmp_path / "restored-media"))
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_restore_verifies_audit_chains(workspace, tmp_path, empty_database):
    factories.make_officer(workspace, email="a@example.com")
    factories.make_officer(workspace, email="b@example.com")
    call_command("backup", str(tmp_path / "backup"))
    result = _manage("restore", str(tmp_path / "backup"), database=empty_database, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{workspace.pk}: intact" in result.stdout
    verify = _manage("verify_audit_log", "--workspace", workspace.slug, database=empty_database, tmp_path=tmp_path)
    assert verify.returncode == 0, verify.stderr


def test_damaged_backup_is_refused(workspace, tmp_path, empty_database):
    factories.make_officer(workspace)
    call_command("backup", str(tmp_path / "backup"))
    dump = tmp_path / "backup" / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-100])
    result = _manage("restore", str(tmp_path / "backup"), database=empty_database, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "does not match the SHA-256" in result.stderr


def test_restore_refuses_non_empty_database(workspace, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    result = _manage("restore", str(tmp_path / "backup"), database=connection.settings_dict["NAME"],
                     tmp_path=tmp_path)
    assert result.returncode != 0
    assert "not empty" in result.stderr
