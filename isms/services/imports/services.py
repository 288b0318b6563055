"""Writes of imports: store an uploaded file's checked rows as a preview, then import or discard them.

An import creates each record through the register's create service, so every
record gets its own audit event. The batch adds one event per upload, import
and discard.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from civac.audit.recorder import append_event
from isms.models import ImportBatch
from isms.services.imports.columns import match_header
from isms.services.imports.parsing import parse_upload
from isms.services.imports.registers import REGISTERS
from isms.services.imports.validation import check_rows, load_lookups

logger = logging.getLogger(__name__)


def _audit(batch: ImportBatch, action: str, actor, **changes) -> None:
    append_event(workspace_id=batch.workspace_id, action=action, object_type="isms.importbatch",
                 object_id=str(batch.pk), object_repr=str(batch), actor=actor,
                 changes={"kind": batch.kind, "file_name": batch.file_name, "sha256": batch.sha256, **changes})


def _stored_rows(kind: str, parsed) -> list[dict]:
    columns = match_header(parsed.header, REGISTERS[kind].columns)
    rows = []
    for line, texts in parsed.rows:
        values = {column.key: text for column, text in zip(columns, texts) if column is not None}
        row = {"line": line, "values": values}
        if line in parsed.extra_cells:
            row["extra_cells"] = parsed.extra_cells[line]
        formula_keys = [columns[index].key for index in parsed.unsaved_formulas.get(line, ()) if columns[index]]
        if formula_keys:
            row["unsaved_formulas"] = formula_keys
        rows.append(row)
    return rows


def import_preview(*, actor, workspace, kind: str, upload) -> ImportBatch:
    """Parse and check an uploaded file and store its rows with their errors; raise ValidationError on "file".

    A file that cannot be read, or whose header lacks a required column, is
    rejected before any row is checked, and nothing is stored.
    """
    register = REGISTERS[kind]
    upload.seek(0)
    rows = _stored_rows(kind, parse_upload(upload))
    # Hashed after parsing, which has rejected files over the size limit.
    upload.seek(0)
    digest = hashlib.sha256(upload.read()).hexdigest()
    checked = [row.stored() for row in check_rows(register, rows, workspace=workspace)]
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            workspace=workspace, kind=kind, file_name=(upload.name or "")[:255], sha256=digest, rows=checked,
            error_count=sum(1 for row in checked if row["errors"]), created_by=actor)
        _audit(batch, "upload", actor, rows=len(checked), rows_with_errors=batch.error_count)
    return batch


@dataclass(frozen=True)
class ImportOutcome:
    # Records created by this call; 0 when the rows had errors or the batch was no longer a preview.
    created: int
    batch: ImportBatch


def import_confirm(*, actor, workspace, batch_id) -> ImportOutcome:
    """Check the rows again and, only if none has errors, create all records in one transaction.

    The batch row is locked, so a second confirmation (a double click, the back
    button) finds it imported and creates nothing. Rows that fail the second
    check, for example because a record of the same name was created since the
    preview, are stored with their errors and nothing is imported.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != ImportBatch.Status.PREVIEWED:
            return ImportOutcome(created=0, batch=batch)
        register = REGISTERS[batch.kind]
        lookups = load_lookups(register, workspace)
        checks = check_rows(register, batch.rows, workspace=workspace, lookups=lookups)
        batch.rows = [row.stored() for row in checks]
        batch.error_count = sum(1 for row in checks if row.errors)
        if batch.error_count:
            batch.save(update_fields=["rows", "error_count", "updated_at"])
            return ImportOutcome(created=0, batch=batch)

        for row in checks:
            register.create(row.form, actor=actor, workspace=workspace, lookups=lookups)
        batch.status = ImportBatch.Status.IMPORTED
        batch.finished_at = timezone.now()
        batch.save()
        _audit(batch, "import", actor, rows=len(checks))
    logger.info("import %s of %s: %d records created in workspace %s", batch.pk, batch.kind, len(checks),
                workspace.pk)
    return ImportOutcome(created=len(checks), batch=batch)


def import_discard(*, actor, batch_id) -> ImportBatch:
    """Mark a preview discarded and drop its rows; an imported or discarded batch stays as it is."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != ImportBatch.Status.PREVIEWED:
            return batch
        batch.status = ImportBatch.Status.DISCARDED
        batch.finished_at = timezone.now()
        batch.rows = []
        batch.save()
        _audit(batch, "discard", actor)
    return batch
