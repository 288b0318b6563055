"""Handover at mandate end: one ZIP archive with the client's whole documentation, then the mandate ends.

The archive holds every register as CSV and XLSX, every generated PDF, the
evidence files, the workspace's audit log as JSON lines with a standalone
verifier script, a manifest with the SHA-256 of each file, and a handover
protocol PDF sealed by the platform. It is built before the transaction
that stores it, because rendering and reading files is slow.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.models import AuditEvent
from civac.audit.recorder import append_event, jsonable
from civac.documents import render_pdf, sha256_hex
from civac.signing import sign_pdf
from civac.spreadsheets import neutralise, xlsx_bytes
from civac.tenancy.base import TenantModel
from civac.tenancy.errors import field_error
from mandates.models import Mandate
from mandates.services.lifecycle import mandate_end

REGISTER_APPS = ("officers", "isms", "incidents", "mandates", "tenancy")
VERIFIER_PATH = Path(__file__).resolve().parent.parent / "data" / "verify_audit_log.py"


def _register_models() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models():
        if issubclass(model, TenantModel) and model._meta.app_label in REGISTER_APPS:
            found.append(model)
    return sorted(found, key=lambda model: model._meta.label_lower)


def _cell(value):
    """Convert a field value to what CSV and XLSX cells hold; JSON fields become JSON text, not a Python repr."""
    value = jsonable(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _register_rows(model, workspace) -> tuple[list[str], list[list]]:
    fields = [field for field in model._meta.concrete_fields if field.name != "workspace"]
    header = [field.attname for field in fields]
    rows = [[_cell(getattr(obj, field.attname)) for field in fields]
            for obj in model.all_workspaces.filter(workspace=workspace).order_by("created_at")]
    return header, rows


def _csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[neutralise("" if value is None else str(value)) for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def _stored_files(model, workspace):
    """Yield (folder, stored name, file) for every file a register row points to."""
    file_fields = [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]
    if not file_fields:
        return
    for obj in model.all_workspaces.filter(workspace=workspace):
        for field in file_fields:
            stored = getattr(obj, field.attname)
            if stored and stored.name:
                folder = "pdf" if stored.name.lower().endswith(".pdf") and model._meta.model_name != "evidencefile" \
                    else "files"
                yield folder, stored


def _audit_lines(workspace) -> tuple[bytes, tuple[int, str]]:
    lines, head = [], (0, "")
    for event in AuditEvent.objects.filter(chain_key=str(workspace.pk)).order_by("sequence").iterator():
        lines.append(json.dumps({
            "chain": event.chain_key, "seq": event.sequence, "prev": event.prev_hash, "hash": event.hash,
            "at": event.occurred_at.isoformat(), "workspace": str(event.workspace_id) if event.workspace_id else None,
            "actor_id": event.actor_id, "actor": event.actor_label, "action": event.action,
            "type": event.object_type, "id": event.object_id, "repr": event.object_repr, "changes": event.changes,
        }, ensure_ascii=False, sort_keys=True))
        head = (event.sequence, event.hash)
    return ("\n".join(lines) + "\n").encode("utf-8"), head


def build_archive(*, mandate: Mandate, actor) -> tuple[bytes, dict]:
    """Write the archive in memory; returns its bytes and the manifest (file name -> SHA-256)."""
    workspace = mandate.workspace
    entries: dict[str, bytes] = {}
    for model in _register_models():
        header, rows = _register_rows(model, workspace)
        name = model._meta.label_lower.replace(".", "_")
        entries[f"registers/{name}.csv"] = _csv_bytes(header, rows)
        entries[f"registers/{name}.xlsx"] = xlsx_bytes(model._meta.model_name, header, rows)
        for folder, stored in _stored_files(model, workspace):
            with stored.open("rb") as handle:
                entries[f"{folder}/{stored.name}"] = handle.read()

    audit_log, head = _audit_lines(workspace)
    entries["audit/audit_log.jsonl"] = audit_log
    entries["audit/verify_audit_log.py"] = VERIFIER_PATH.read_bytes()
    manifest = {name: sha256_hex(data) for name, data in sorted(entries.items())}

    protocol = render_pdf("mandates/handover_protocol.html", {
        "mandate": mandate, "workspace": workspace, "actor": actor, "created_at": timezone.now(),
        "manifest": manifest, "audit_head": head,
    }, language=workspace.default_language)
    sealed = sign_pdf(protocol, reason="Handover protocol", location=workspace.legal_name, signer_name="civac")
    entries["handover_protocol.pdf"] = sealed
    manifest["handover_protocol.pdf"] = sha256_hex(sealed)
    entries["manifest.json"] = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue(), manifest


def mandate_handover(*, actor, mandate: Mandate) -> Mandate:
    """Build and store the handover archive, end the mandate and revoke the partner's access, all audited.

    A second request is rejected, also when two arrive at once: the row lock
    lets only the first store its archive.
    """
    if mandate.handed_over_at is not None:
        raise field_error("mandate", _("The handover archive was already created; download it from the mandate."),
                          "handover_done")
    if mandate.status not in (Mandate.Status.ACTIVE, Mandate.Status.ENDED):
        raise field_error("mandate", _("Only an active or ended mandate can be handed over."), "handover_not_active")
    data, manifest = build_archive(mandate=mandate, actor=actor)
    digest = sha256_hex(data)

    with transaction.atomic():
        locked = Mandate.objects.select_for_update().get(pk=mandate.pk)
        if locked.handed_over_at is not None:
            raise field_error("mandate", _("The handover archive was already created; download it from the "
                                           "mandate."), "handover_done")
        mandate.handover_archive.save(f"handover-{mandate.workspace.slug}-{mandate.pk}.zip", ContentFile(data),
                                      save=False)
        mandate.handover_sha256 = digest
        mandate.handed_over_at = timezone.now()
        mandate.save()
        append_event(workspace_id=mandate.workspace_id, action="export", object_type="mandates.mandate",
                     object_id=str(mandate.pk), object_repr=str(mandate), actor=actor,
                     changes={"kind": "handover", "sha256": digest, "files": len(manifest)})
        if mandate.status != Mandate.Status.ENDED:
            mandate_end(actor=actor, mandate=mandate)
    return mandate
