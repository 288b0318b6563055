"""Read an uploaded CSV or XLSX file into a header and rows of cell text, within size and row limits."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from civac.spreadsheets import FORMULA_PREFIXES

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# Columns beyond this are not read, so a sheet with thousands of empty columns cannot slow the parser down.
MAX_COLUMNS = 60
ACCEPTED_EXTENSIONS = (".csv", ".xlsx")


@dataclass(frozen=True)
class ParsedFile:
    header: list[str]
    # (row number as the spreadsheet program shows it, cell texts), empty rows left out.
    rows: list[tuple[int, list[str]]]
    # Row number -> the non-empty cells to the right of the last named column. Such a row has more values
    # than the header has names, often because an unquoted CSV value contained the delimiter.
    extra_cells: dict[int, list[str]] = field(default_factory=dict)
    # Row number -> indexes of the cells that contain a formula without a saved result (XLSX only).
    unsaved_formulas: dict[int, list[int]] = field(default_factory=dict)


def _reject(message: str, code: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


def cell_text(value) -> str:
    """Convert a cell to trimmed text, without the leading apostrophe that neutralised a formula."""
    if value is None or isinstance(value, UnsavedFormula):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # Our exports write "'=SUM(…)" so that a spreadsheet shows text, and the import restores the original text.
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def parse_upload(upload) -> ParsedFile:
    """Parse an uploaded file; raise ValidationError on the "file" field naming the problem and the fix."""
    name = upload.name or ""
    if not name.lower().endswith(ACCEPTED_EXTENSIONS):
        raise _reject(_("“%(name)s” is not a CSV or XLSX file. Upload a .csv file (UTF-8) or an .xlsx workbook; "
                        "older .xls and macro workbooks (.xlsm) are not accepted.") % {"name": name},
                      "file_type")
    if upload.size > MAX_FILE_BYTES:
        # number_format cuts off further decimals instead of rounding, so round first.
        size = number_format(round(upload.size / 1024 / 1024, 1), 1)
        raise _reject(_("The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files.")
                      % {"size": size, "limit": number_format(MAX_FILE_BYTES // 1024 // 1024)}, "file_size")
    content = upload.read(MAX_FILE_BYTES + 1)
    if name.lower().endswith(".xlsx"):
        header, rows = _read_xlsx(content)
    else:
        header, rows = _read_csv(content)
    return _trimmed(header, rows)


def _read_csv(content: bytes):
    if b"\x00" in content:
        raise _reject(_("The file is not a CSV text file. Save the table as “CSV UTF-8” and upload it again."),
                      "csv_binary")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _reject(_("The file is not UTF-8 encoded. Save it as “CSV UTF-8 (comma delimited)” and upload it "
                        "again."), "csv_encoding") from None
    first_line = text.split("\n", 1)[0]
    # German Excel writes semicolons and other locales write commas. The header line decides.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise _reject(_("The CSV file cannot be read (%(error)s). Check the quotation marks and save it again.")
                      % {"error": error}, "csv_syntax") from None
    if not records:
        return [], []
    return records[0], list(enumerate(records[1:], start=2))


class UnsavedFormula:
    """A formula cell whose workbook stores no result, so the import has no value to read."""

    def __init__(self, formula: str):
        self.formula = formula


def _open_workbook(content: bytes, *, data_only: bool):
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise _reject(_("The file is not a valid XLSX workbook. Save it from your spreadsheet program as “Excel "
                        "workbook (.xlsx)” or as CSV UTF-8."), "xlsx_invalid") from None


def _merged_values(values: tuple, formulas: tuple) -> list:
    """Take the saved results, and mark a formula cell without one as UnsavedFormula."""
    merged = []
    for value, formula in zip(values, formulas, strict=False):
        if value is None and isinstance(formula, str) and formula.startswith("="):
            merged.append(UnsavedFormula(formula))
        else:
            merged.append(value)
    return merged


def _read_xlsx(content: bytes):
    # data_only reads the result that the spreadsheet program stored with a formula. A workbook saved by a
    # program that stores no results (openpyxl, some converters) has none, so the workbook is read a second
    # time for its formulas, and such cells are reported instead of being read as empty.
    values_book = _open_workbook(content, data_only=True)
    formulas_book = _open_workbook(content, data_only=False)
    try:
        value_rows = values_book.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
        formula_rows = formulas_book.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
        header, records = None, []
        for number, (values, formulas) in enumerate(zip(value_rows, formula_rows, strict=False), start=1):
            merged = _merged_values(values, formulas)
            if header is None:
                header = merged
            elif any(value not in (None, "") for value in merged):
                records.append((number, merged))
                # One row past the limit is enough for _trimmed to reject the file.
                if len(records) > MAX_ROWS:
                    break
    finally:
        values_book.close()
        formulas_book.close()
    return header or [], records


def _trimmed(header, records) -> ParsedFile:
    header_texts = [cell_text(value) for value in header]
    while header_texts and not header_texts[-1]:
        header_texts.pop()
    if not header_texts:
        raise _reject(_("The file is empty. The first row must contain the column names; download the template "
                        "to see them."), "file_empty")
    rows, extra_cells, unsaved_formulas = [], {}, {}
    for number, record in records:
        texts = [cell_text(value) for value in record[:len(header_texts)]]
        extra = [text for text in (cell_text(value) for value in record[len(header_texts):]) if text]
        formulas = [index for index, value in enumerate(record[:len(header_texts)])
                    if isinstance(value, UnsavedFormula)]
        if not any(texts) and not extra and not formulas:
            continue
        rows.append((number, texts + [""] * (len(header_texts) - len(texts))))
        if extra:
            extra_cells[number] = extra
        if formulas:
            unsaved_formulas[number] = formulas
        if len(rows) > MAX_ROWS:
            raise _reject(_("The file has more than %(limit)s rows. Split it into files of at most %(limit)s rows.")
                          % {"limit": number_format(MAX_ROWS, force_grouping=True)}, "too_many_rows")
    if not rows:
        raise _reject(_("The file has no rows below the column names. Add one row per record."), "no_rows")
    return ParsedFile(header=header_texts, rows=rows, extra_cells=extra_cells, unsaved_formulas=unsaved_formulas)
