"""Files of every accepted kind, and policies in each state, for the evidence and policy tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from isms.models import Policy
from isms.services import policies as policy_services
from tests.factories import PASSWORD

OOXML = "application/vnd.openxmlformats-officedocument"
MAIN_PARTS = {
    "docx": ("word/document.xml", f"{OOXML}.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", f"{OOXML}.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", f"{OOXML}.presentationml.presentation.main+xml"),
}


def office_bytes(kind: str, *, main_content_type: str | None = None) -> bytes:
    """A minimal Office Open XML container whose manifest declares the main part of ``kind``."""
    part, content_type = MAIN_PARTS[kind]
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_content_type or content_type}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", manifest)
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not an office file")
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32 + b"\xff\xd9"

SAMPLES = {
    "scan.pdf": PDF,
    "photo.png": PNG,
    "photo.jpg": JPEG,
    "photo.jpeg": JPEG,
    "policy.docx": office_bytes("docx"),
    "inventory.xlsx": office_bytes("xlsx"),
    "briefing.pptx": office_bytes("pptx"),
    "notes.txt": "Prüfung der Zugriffsrechte abgeschlossen.\n".encode(),
    "assets.csv": "name;owner\nServer;IT\n".encode("utf-8-sig"),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def make_policy(workspace, *, actor, owner=None, title="Leitlinie zur Informationssicherheit",
                kind=Policy.Kind.TOP_LEVEL, review_interval_months=12, readers=(), confirmation_roles=(),
                requires_read_confirmation=None) -> Policy:
    if requires_read_confirmation is None:
        requires_read_confirmation = bool(readers or confirmation_roles)
    with workspace_context(workspace), acting_as(actor):
        return policy_services.policy_create(
            actor=actor, workspace=workspace, title=title, kind=kind, owner=owner or actor,
            review_interval_months=review_interval_months, requires_read_confirmation=requires_read_confirmation,
            confirmation_roles=confirmation_roles, readers=readers)


def draft(policy, *, actor, text="# Zweck\n\nDiese Leitlinie gilt für alle Beschäftigten.", upload=None):
    with workspace_context(policy.workspace), acting_as(actor):
        return policy_services.version_draft_save(actor=actor, policy=policy, text=text, upload=upload)


def approve(version, *, signer):
    with workspace_context(version.workspace), acting_as(signer):
        return policy_services.version_approve(actor=signer, version=version,
                                               confirmed_sha256=policy_services.content_sha256(version),
                                               password=PASSWORD)


def approved_policy(workspace, *, author, signer, **policy_options):
    """A policy with one approved version; returns (policy, version)."""
    policy = make_policy(workspace, actor=author, **policy_options)
    version = approve(draft(policy, actor=author), signer=signer)
    return policy, version
