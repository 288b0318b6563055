"""Which files are accepted as evidence, judged by their content and checked against their extension.

Accepted: PDF, PNG, JPEG, the Office Open XML formats DOCX, XLSX and PPTX,
and plain text or CSV in UTF-8. Each extension belongs to exactly one kind,
and the content must prove that kind:

- PDF, PNG and JPEG by their leading signature bytes. A PDF must start with
  ``%PDF-``; readers that tolerate leading garbage are more lenient than this.
- DOCX, XLSX and PPTX are ZIP containers: the archive must open, contain
  ``[Content_Types].xml`` and declare the main part of that format. The
  macro-enabled variants (DOCM, XLSM, PPTM) declare other main parts and are
  rejected with them.
- Text and CSV must decode as UTF-8 (a byte order mark is allowed) and
  contain no NUL byte, which rules out binaries renamed to ``.txt``.

Other formats (legacy .doc/.xls, ODF, ZIP archives, images other than PNG or
JPEG) are rejected so that every stored file is one a reviewer can open safely.
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from typing import BinaryIO, Callable
from xml.etree import ElementTree

_CHUNK_BYTES = 64 * 1024
# The content-type manifest of a real Office file is a few kilobytes; a larger
# one is refused before it is decompressed, so a ZIP bomb cannot exhaust memory.
_MAX_MANIFEST_BYTES = 1024 * 1024
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _starts_with(signature: bytes) -> Callable[[BinaryIO], bool]:
    def check(stream: BinaryIO) -> bool:
        stream.seek(0)
        return stream.read(len(signature)) == signature

    return check


def _declared_content_types(stream: BinaryIO) -> set[str]:
    stream.seek(0)
    with zipfile.ZipFile(stream) as archive:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > _MAX_MANIFEST_BYTES:
            return set()
        manifest = archive.read(info)
    # Entity declarations have no place in this manifest; refusing them keeps
    # entity expansion out of the XML parser.
    if b"<!DOCTYPE" in manifest or b"<!ENTITY" in manifest:
        return set()
    root = ElementTree.fromstring(manifest)
    return {element.get("ContentType", "") for element in root.iter(f"{_CONTENT_TYPES_NS}Override")}


def _office_main_part(main_content_type: str) -> Callable[[BinaryIO], bool]:
    def check(stream: BinaryIO) -> bool:
        try:
            return main_content_type in _declared_content_types(stream)
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, RuntimeError, NotImplementedError,
                EOFError, ValueError):
            # KeyError: no manifest; RuntimeError: encrypted; NotImplementedError: unknown compression.
            return False

    return check


def _utf8_text(stream: BinaryIO) -> bool:
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        while chunk := stream.read(_CHUNK_BYTES):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple[str, ...]
    matches: Callable[[BinaryIO], bool]

    @property
    def storage_extension(self) -> str:
        return self.extensions[0]


_OOXML = "application/vnd.openxmlformats-officedocument"
FILE_KINDS = (
    FileKind("PDF", "application/pdf", (".pdf",), _starts_with(b"%PDF-")),
    FileKind("PNG", "image/png", (".png",), _starts_with(b"\x89PNG\r\n\x1a\n")),
    FileKind("JPEG", "image/jpeg", (".jpg", ".jpeg"), _starts_with(b"\xff\xd8\xff")),
    FileKind("DOCX", f"{_OOXML}.wordprocessingml.document", (".docx",),
             _office_main_part(f"{_OOXML}.wordprocessingml.document.main+xml")),
    FileKind("XLSX", f"{_OOXML}.spreadsheetml.sheet", (".xlsx",),
             _office_main_part(f"{_OOXML}.spreadsheetml.sheet.main+xml")),
    FileKind("PPTX", f"{_OOXML}.presentationml.presentation", (".pptx",),
             _office_main_part(f"{_OOXML}.presentationml.presentation.main+xml")),
    FileKind("CSV", "text/csv; charset=utf-8", (".csv",), _utf8_text),
    FileKind("TXT", "text/plain; charset=utf-8", (".txt",), _utf8_text),
)
_BY_EXTENSION = {extension: kind for kind in FILE_KINDS for extension in kind.extensions}


def allowed_extensions() -> list[str]:
    return sorted(_BY_EXTENSION)


def kind_for_name(name: str) -> FileKind | None:
    """Return the kind that the name's extension claims, or None for an extension not accepted."""
    dot = name.rfind(".")
    return _BY_EXTENSION.get(name[dot:].lower()) if dot > 0 else None
