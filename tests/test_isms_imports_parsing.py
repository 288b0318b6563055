"""Import files: CSV and XLSX reading, header matching and the limits, before any row is checked."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from civac.spreadsheets import csv_bytes, xlsx_bytes
from isms.services.imports import parsing
from isms.services.imports.columns import match_header
from isms.services.imports.registers import REGISTERS

pytestmark = [pytest.mark.usefixtures("english")]


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _codes(error: ValidationError) -> list[str]:
    return [item.code for item in error.error_dict["file"]]


def test_csv_with_comma():
    parsed = parsing.parse_upload(_upload("assets.csv", b"Name,Kind\nERP,System\n"))
    assert parsed.header == ["Name", "Kind"]
    assert parsed.rows == [(2, ["ERP", "System"])]


def test_csv_with_semicolon_and_bom():
    content = "\ufeffName;Art;Beschreibung\nERP, Finanzen;System;\"Zeile 1\nZeile 2\"\n".encode()
    parsed = parsing.parse_upload(_upload("assets.csv", content))
    assert parsed.header == ["Name", "Art", "Beschreibung"]
    assert parsed.rows == [(2, ["ERP, Finanzen", "System", "Zeile 1\nZeile 2"])]


def test_csv_skips_empty_rows_and_keeps_row_numbers():
    parsed = parsing.parse_upload(_upload("assets.csv", b"Name,Kind\n\n,\nERP,System\n"))
    assert parsed.rows == [(4, ["ERP", "System"])]


def test_csv_short_row_is_padded():
    parsed = parsing.parse_upload(_upload("assets.csv", b"Name,Kind,Description\nERP\n"))
    assert parsed.rows == [(2, ["ERP", "", ""])]


def test_csv_not_utf8_is_rejected():
    with pytest.raises(ValidationError) as raised:
        parsing.parse_upload(_upload("assets.csv", "Name\nMüller\n".encode("latin-1")))
    assert _codes(raised.value) == ["csv_encoding"]
    assert "UTF-8" in raised.value.error_dict["file"][0].message


def test_xlsx_is_read_with_values_and_dates():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Contract starts on", "Review interval in months"])
    sheet.append(["Hoster", dt.datetime(2027, 3, 1), 12.0])
    sheet.append([None, None, None])
    sheet.append(["=1+1", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parsing.parse_upload(_upload("suppliers.xlsx", buffer.getvalue()))
    assert parsed.header == ["Name", "Contract starts on", "Review interval in months"]
    assert parsed.rows[0] == (2, ["Hoster", "2027-03-01", "12"])
    # openpyxl stores no result with a formula, so the row is kept with an empty cell that is marked.
    assert parsed.rows[1] == (4, ["", "", ""])
    assert parsed.unsaved_formulas == {4: [0]}


def test_export_is_read_back_without_apostrophes():
    exported = xlsx_bytes("assets", ["Name", "Description"], [["=cmd|' /C calc'!A0", "-minus"]])
    parsed = parsing.parse_upload(_upload("export.xlsx", exported))
    assert parsed.rows == [(2, ["=cmd|' /C calc'!A0", "-minus"])]
    parsed = parsing.parse_upload(_upload("export.csv", csv_bytes(["Name", "Description"], [["@SUM(A1)", "+1"]])))
    assert parsed.rows == [(2, ["@SUM(A1)", "+1"])]


def test_apostrophe_before_plain_text_is_kept():
    assert parsing.cell_text("'quoted'") == "'quoted'"
    assert parsing.cell_text("'=A1") == "=A1"


@pytest.mark.parametrize("name", ["assets.xls", "assets.xlsm", "assets.pdf", "assets", "assets.csv.exe"])
def test_wrong_file_types_are_rejected(name):
    with pytest.raises(ValidationError) as raised:
        parsing.parse_upload(_upload(name, b"Name\nERP\n"))
    assert _codes(raised.value) == ["file_type"]
    assert "CSV or XLSX" in raised.value.error_dict["file"][0].message


def test_garbage_xlsx_is_rejected():
    with pytest.raises(ValidationError) as raised:
        parsing.parse_upload(_upload("assets.xlsx", b"%PDF-1.7 not a workbook"))
    assert _codes(raised.value) == ["xlsx_invalid"]


def test_binary_csv_is_rejected():
    with pytest.raises(ValidationError) as raised:
        parsing.parse_upload(_upload("assets.csv", b"PK\x03\x04\x00\x00binary"))
    assert _codes(raised.value) == ["csv_binary"]


def test_file_over_size_limit_is_rejected():
    content = b"Name\n" + b"x" * parsing.MAX_FILE_BYTES
    with pytest.raises(ValidationError) as raised:
        parsing.parse_upload(_upload("assets.csv", content))
    assert _codes(raised.value) == ["file_size"]
    assert "2 MB" in raised.value.error_dict["file"][0].message


def test_rows_over_limit_are_rejected():
    content = "Name\n" + "".join(f"Asset {number}\n" for number in range(parsing.MAX_ROWS + 1))
    with pytest.raises(ValidationError) as raised:
        parsing.parse_upload(_upload("assets.csv", content.encode()))
    assert _codes(raised.value) == ["too_many_rows"]


def test_rows_at_limit_are_accepted():
    content = "Name\n" + "".join(f"Asset {number}\n" for number in range(parsing.MAX_ROWS))
    assert len(parsing.parse_upload(_upload("assets.csv", content.encode())).rows) == parsing.MAX_ROWS


def test_xlsx_rows_over_limit_are_rejected():
    rows = [[f"Asset {number}"] for number in range(parsing.MAX_ROWS + 1)]
    with pytest.raises(ValidationError) as raised:
        parsing.parse_upload(_upload("assets.xlsx", xlsx_bytes("assets", ["Name"], rows)))
    assert _codes(raised.value) == ["too_many_rows"]


def test_empty_file_and_header_only_are_rejected():
    with pytest.raises(ValidationError) as raised:
        parsing.parse_upload(_upload("assets.csv", b""))
    assert _codes(raised.value) == ["file_empty"]
    with pytest.raises(ValidationError) as raised:
        parsing.parse_upload(_upload("assets.csv", b"Name,Kind\n"))
    assert _codes(raised.value) == ["no_rows"]


def test_german_headers_match_without_case_and_spaces():
    columns = match_header(["  name ", "ART", "Vertraulichkeit", "hängt ab von"], REGISTERS["asset"].columns)
    assert [column.key for column in columns] == ["name", "kind", "confidentiality", "dependencies"]


def test_unknown_repeated_and_missing_columns_are_reported_together():
    with pytest.raises(ValidationError) as raised:
        match_header(["Name", "Colour", "Name"], REGISTERS["asset"].columns)
    messages = [item.message for item in raised.value.error_dict["file"]]
    assert any("“Colour” is unknown" in message for message in messages)
    assert any("“Name” appears twice" in message for message in messages)
    assert any("required column “Kind” is missing" in message for message in messages)
    assert len(messages) == 3


def test_csv_extra_cells_are_kept_per_row():
    parsed = parsing.parse_upload(_upload("assets.csv", b"Name,Kind\nX,system,SURPRISE,more\nY,system,,\n"))
    assert parsed.rows == [(2, ["X", "system"]), (3, ["Y", "system"])]
    assert parsed.extra_cells == {2: ["SURPRISE", "more"]}


def test_xlsx_extra_cells_are_kept_per_row():
    exported = xlsx_bytes("assets", ["Name", "Kind"], [["ERP", "system"], ["", "", "stray"]])
    parsed = parsing.parse_upload(_upload("assets.xlsx", exported))
    assert parsed.rows == [(2, ["ERP", "system"]), (3, ["", ""])]
    assert parsed.extra_cells == {3: ["stray"]}


def test_limits_use_the_locale_number_format():
    content = "Name\n" + "".join(f"Asset {number}\n" for number in range(parsing.MAX_ROWS + 1))
    for language, expected in (("en", "more than 2,000 rows"), ("de", "2.000")):
        with translation.override(language), pytest.raises(ValidationError) as raised:
            parsing.parse_upload(_upload("assets.csv", content.encode()))
        assert expected in raised.value.error_dict["file"][0].message


def test_file_size_uses_the_locale_decimal_mark():
    content = b"Name\n" + b"x" * (parsing.MAX_FILE_BYTES + 100 * 1024)
    with translation.override("de"), pytest.raises(ValidationError) as raised:
        parsing.parse_upload(_upload("assets.csv", content))
    assert "2,1 MB" in raised.value.error_dict["file"][0].message
