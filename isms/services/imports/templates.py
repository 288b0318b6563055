"""Empty import templates per register: the column headers in the user's language, as CSV or XLSX."""

from django.utils.translation import get_language

from civac.spreadsheets import csv_bytes, xlsx_bytes
from isms.services.imports.registers import REGISTERS

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def template_file(kind: str, file_format: str) -> bytes:
    header = [column.header() for column in REGISTERS[kind].columns]
    if file_format == "xlsx":
        return xlsx_bytes(kind, header, [])
    # Excel with German regional settings splits CSV at semicolons, so German users get semicolons.
    delimiter = ";" if (get_language() or "").startswith("de") else ","
    return csv_bytes(header, [], delimiter=delimiter)
