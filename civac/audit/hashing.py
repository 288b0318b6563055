"""The hash of one audit event: SHA-256 over a canonical JSON document.

Canonical means sorted keys, no insignificant white space and UTC timestamps
in ISO 8601 with microseconds, so that the value is stable across SQLite,
PostgreSQL (whose jsonb reorders keys) and Python versions.
"""

import hashlib
import json
from datetime import datetime, timezone

GENESIS_HASH = "0" * 64


def canonical_time(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    chain_key: str,
    sequence: int,
    prev_hash: str,
    occurred_at: datetime,
    workspace_id: str | None,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    changes: dict,
) -> str:
    document = {
        "chain": chain_key,
        "seq": sequence,
        "prev": prev_hash,
        "at": canonical_time(occurred_at),
        "workspace": workspace_id,
        "actor_id": actor_id,
        "actor": actor_label,
        "action": action,
        "type": object_type,
        "id": object_id,
        "repr": object_repr,
        "changes": changes,
    }
    payload = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def stored_event_hash(event) -> str:
    return event_hash(
        chain_key=event.chain_key,
        sequence=event.sequence,
        prev_hash=event.prev_hash,
        occurred_at=event.occurred_at,
        workspace_id=str(event.workspace_id) if event.workspace_id else None,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        changes=event.changes,
    )
