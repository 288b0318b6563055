"""Append events to a workspace's hash chain.

Every writer goes through ``append_event``: it locks the chain head, computes
the next hash and inserts the event in the caller's transaction, so the event
commits or rolls back together with the change it describes.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from civac.audit.context import current_actor, current_system_label
from civac.audit.hashing import GENESIS_HASH, event_hash
from civac.audit.models import PLATFORM_CHAIN, AuditChainHead, AuditEvent

# Fields that change on every save and carry nothing an auditor needs.
_IGNORED_FIELDS = {"updated_at"}
_REDACTED_FIELDS = {"password", "token", "secret", "token_hash"}


def jsonable(value):
    """Convert a model field value to a JSON value that round-trips exactly."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, (dt.date, dt.time, decimal.Decimal, uuid.UUID, float)):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    return str(value)


def _lock_chain_head(chain_key: str) -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(chain_key=chain_key).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(chain_key=chain_key)
    except IntegrityError:
        pass  # A concurrent writer created the head first; lock theirs.
    return AuditChainHead.objects.select_for_update().get(chain_key=chain_key)


def append_event(
    *,
    workspace_id,
    action: str,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict | None = None,
    actor=None,
) -> AuditEvent:
    actor = actor if actor is not None else current_actor()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    actor_label = actor.email if actor is not None else current_system_label()
    chain_key = str(workspace_id) if workspace_id else PLATFORM_CHAIN
    changes = jsonable(changes or {})
    object_repr = object_repr[:200]

    with transaction.atomic():
        head = _lock_chain_head(chain_key)
        occurred_at = timezone.now()
        sequence = head.sequence + 1
        prev_hash = head.last_hash or GENESIS_HASH
        digest = event_hash(
            chain_key=chain_key,
            sequence=sequence,
            prev_hash=prev_hash,
            occurred_at=occurred_at,
            workspace_id=str(workspace_id) if workspace_id else None,
            actor_id=actor.pk if actor is not None else None,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr,
            changes=changes,
        )
        event = AuditEvent.objects.create(
            chain_key=chain_key,
            sequence=sequence,
            workspace_id=workspace_id,
            occurred_at=occurred_at,
            actor=actor,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr,
            changes=changes,
            prev_hash=prev_hash,
            hash=digest,
        )
        AuditChainHead.objects.filter(pk=head.pk).update(
            sequence=sequence, last_hash=digest, updated_at=occurred_at
        )
    return event


def _object_type(model) -> str:
    return model._meta.label_lower


def _field_values(instance) -> dict:
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in _IGNORED_FIELDS:
            continue
        value = getattr(instance, field.attname)
        values[field.attname] = "[redacted]" if field.name in _REDACTED_FIELDS else jsonable(value)
    return values


def _snapshot(instance) -> dict:
    instance._audit_snapshot = {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }
    return instance._audit_snapshot


def record_instance_saved(instance, *, created: bool) -> AuditEvent | None:
    current = _field_values(instance)
    if created:
        changes = {name: [None, value] for name, value in current.items() if value not in (None, "")}
        action = "create"
    else:
        before = getattr(instance, "_audit_snapshot", {})
        changes = {}
        for name, value in current.items():
            old = before.get(name, value)
            old = "[redacted]" if value == "[redacted]" else jsonable(old)
            if old != value:
                changes[name] = [old, value]
        if not changes:
            _snapshot(instance)
            return None
        action = "update"
    _snapshot(instance)
    return append_event(
        workspace_id=instance.workspace_id,
        action=action,
        object_type=_object_type(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance),
        changes=changes,
    )


def record_instance_created(instance) -> AuditEvent:
    return record_instance_saved(instance, created=True)


def record_instance_deleted(instance) -> AuditEvent:
    return append_event(
        workspace_id=instance.workspace_id,
        action="delete",
        object_type=_object_type(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance),
        changes={name: [value, None] for name, value in _field_values(instance).items()},
    )


def record_bulk_update(model, rows, values: dict) -> None:
    changes = {name: [None, jsonable(value)] for name, value in values.items() if name not in _IGNORED_FIELDS}
    for pk, workspace_id in rows:
        append_event(
            workspace_id=workspace_id,
            action="update",
            object_type=_object_type(model),
            object_id=str(pk),
            changes={"bulk": True, **changes},
        )
