"""Spreadsheet exports that cannot smuggle formulas into the reader's program."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def xlsx_bytes(title: str, header: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([str(name) for name in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    for column in sheet.columns:
        # Wide enough for the longest value, within reason; Excel measures in characters.
        longest = max(len(str(cell.value)) if cell.value is not None else 0 for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(longest + 2, 10), 60)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(header: list[str], rows: list[list], *, delimiter: str = ",") -> bytes:
    """Write UTF-8 CSV with a byte order mark (so Excel detects the encoding) and every formula neutralised."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([neutralise(str(name)) for name in header])
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value if isinstance(value, str) else str(value))
                         for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
