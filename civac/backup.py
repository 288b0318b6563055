"""Back up and restore the database and the stored files, with a manifest an auditor can check.

A backup folder contains the database (``pg_dump`` custom format, or a SQLite
copy), a tar archive of MEDIA_ROOT, and ``manifest.json`` with each file's
SHA-256 and the head (sequence and hash) of every audit chain at backup time.
Restoring checks the files against the manifest, loads them into an empty
database, and verifies every audit chain against the recorded heads, which
detects a chain cut short as well as a changed event.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import tarfile
from datetime import datetime, timezone
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"


class BackupError(RuntimeError):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _postgres_url() -> str:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgresql://{database['USER']}{password}@{database['HOST'] or 'localhost'}{port}/{database['NAME']}"


def _audit_heads() -> dict:
    from civac.audit.models import AuditChainHead

    return {head.chain_key: [head.sequence, head.last_hash] for head in AuditChainHead.objects.all()}


def backup(target: Path) -> dict:
    target.mkdir(parents=True, exist_ok=False)
    heads = _audit_heads()
    if connection.vendor == "postgresql":
        database_file = target / "database.dump"
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--dbname={_postgres_url()}",
                        f"--file={database_file}"], check=True, capture_output=True)
    else:
        database_file = target / "database.sqlite3"
        with sqlite3.connect(settings.DATABASES["default"]["NAME"]) as source, sqlite3.connect(database_file) as copy:
            source.backup(copy)
    media_file = target / MEDIA_ARCHIVE
    with tarfile.open(media_file, "w:gz") as archive:
        if Path(settings.MEDIA_ROOT).exists():
            archive.add(settings.MEDIA_ROOT, arcname="media")
    manifest = {
        "created_at": datetime.now(timezone.utc).isoformat(),
        "engine": connection.vendor,
        "files": {path.name: _sha256(path) for path in (database_file, media_file)},
        "audit_heads": heads,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def _check_files(source: Path, manifest: dict) -> None:
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.exists():
            raise BackupError(f"{name} is missing from {source}; the backup is incomplete.")
        if _sha256(path) != expected:
            raise BackupError(f"{name} does not match the SHA-256 in the manifest; the backup was changed or damaged.")


def _require_empty_postgres() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        if cursor.fetchone()[0]:
            raise BackupError("The target database is not empty; restore into a new, empty database.")


def restore(source: Path) -> list:
    """Load the backup into the configured, empty database; returns the verification report of every chain."""
    from civac.audit.verify import verify_chain

    manifest = json.loads((source / MANIFEST).read_text())
    _check_files(source, manifest)
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"The backup is from {manifest['engine']}, the target database is {connection.vendor}.")
    if connection.vendor == "postgresql":
        _require_empty_postgres()
        subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                        f"--dbname={_postgres_url()}", str(source / "database.dump")], check=True, capture_output=True)
    else:
        target = Path(settings.DATABASES["default"]["NAME"])
        if target.exists() and target.stat().st_size:
            raise BackupError(f"{target} exists; restore into a new, empty database file.")
        connection.close()
        with sqlite3.connect(source / "database.sqlite3") as backup_copy, sqlite3.connect(target) as restored:
            backup_copy.backup(restored)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_ARCHIVE) as archive:
        for member in archive.getmembers():
            if member.name == "media" or not member.name.startswith("media/"):
                continue
            member.name = member.name.removeprefix("media/")
            archive.extract(member, media_root, filter="data")
    return [verify_chain(key, expected_head=tuple(head)) for key, head in manifest["audit_heads"].items()]
