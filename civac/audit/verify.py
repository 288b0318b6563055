"""Check the audit hash chains and name the first broken link."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from civac.audit.hashing import GENESIS_HASH, stored_event_hash
from civac.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    chain_key: str
    events: int
    intact: bool
    broken_sequence: int | None = None
    broken_event_id: int | None = None
    reason: str = ""


def verify_chain(chain_key: str, *, expected_head: tuple[int, str] | None = None) -> ChainReport:
    """Walk one chain in sequence order.

    ``expected_head`` is a (sequence, hash) pair taken from an earlier export or
    report; it detects a tail that was cut off together with the head row.
    """
    prev_hash = GENESIS_HASH
    expected_sequence = 1
    count = 0
    events = AuditEvent.objects.filter(chain_key=chain_key).order_by("sequence").iterator(chunk_size=2000)
    for event in events:
        count += 1
        if event.sequence != expected_sequence:
            return ChainReport(chain_key, count, False, expected_sequence, event.pk,
                               _("event %(missing)s is missing; the next stored event is %(next)s")
                               % {"missing": expected_sequence, "next": event.sequence})
        if event.prev_hash != prev_hash:
            return ChainReport(chain_key, count, False, event.sequence, event.pk,
                               _("the link to the previous event does not match"))
        if stored_event_hash(event) != event.hash:
            return ChainReport(chain_key, count, False, event.sequence, event.pk,
                               _("the stored hash does not match the event's content"))
        prev_hash = event.hash
        expected_sequence += 1

    last_sequence = expected_sequence - 1
    head = AuditChainHead.objects.filter(chain_key=chain_key).first()
    if head is not None and (head.sequence != last_sequence or (last_sequence and head.last_hash != prev_hash)):
        return ChainReport(chain_key, count, False, last_sequence + 1, None,
                           _("the chain head records event %(head)s but the log ends at %(last)s")
                           % {"head": head.sequence, "last": last_sequence})
    if expected_head is not None:
        sequence, digest = expected_head
        if sequence > last_sequence:
            return ChainReport(chain_key, count, False, last_sequence + 1, None,
                               _("events after %(last)s are missing; an earlier export recorded event %(exported)s")
                               % {"last": last_sequence, "exported": sequence})
        stored = AuditEvent.objects.filter(chain_key=chain_key, sequence=sequence).values_list("hash", flat=True).first()
        if stored != digest:
            return ChainReport(chain_key, count, False, sequence, None,
                               _("the event at the exported head has a different hash than the export recorded"))
    return ChainReport(chain_key, count, True)


def chain_keys() -> list[str]:
    keys = set(AuditChainHead.objects.values_list("chain_key", flat=True))
    keys.update(AuditEvent.objects.order_by().values_list("chain_key", flat=True).distinct())
    return sorted(keys)
