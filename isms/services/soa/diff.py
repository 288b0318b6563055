"""Compare two lists of SoA rows, such as the current draft and the last approved version."""

from __future__ import annotations

from dataclasses import dataclass, field

from isms.services.soa.snapshot import ROW_FIELDS


@dataclass
class RowChange:
    """One control's difference: added, removed, or changed with (field, old, new) triples."""

    ref: str
    kind: str  # "added", "removed" or "changed"
    row: dict
    fields: list[tuple[str, object, object]] = field(default_factory=list)


def soa_diff(*, base_rows: list[dict], rows: list[dict]) -> list[RowChange]:
    """Return what changed from ``base_rows`` to ``rows``, keyed by control ID, in the order of ``rows``.

    Title changes of catalogue controls are not reported, because the
    catalogue's wording is not part of a workspace's decision.
    """
    base = {row["ref"]: row for row in base_rows}
    current = {row["ref"]: row for row in rows}
    changes = []
    for ref, row in current.items():
        old = base.get(ref)
        if old is None:
            changes.append(RowChange(ref=ref, kind="added", row=row))
            continue
        fields = [(name, old.get(name), row.get(name)) for name in ROW_FIELDS if old.get(name) != row.get(name)]
        if fields:
            changes.append(RowChange(ref=ref, kind="changed", row=row, fields=fields))
    for ref, row in base.items():
        if ref not in current:
            changes.append(RowChange(ref=ref, kind="removed", row=row))
    return changes
