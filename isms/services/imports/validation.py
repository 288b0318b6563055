"""Check the rows of an import file with the register's own create form and service checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civac.tenancy.models import Membership
from isms.models import Asset, Risk
from isms.services.imports import cells
from isms.services.imports.columns import Column
from isms.services.imports.registers import Lookups, Register
from isms.services.risks import methodology_for

READERS = {
    "text": cells.read_text, "choice": cells.read_choice, "date": cells.read_date, "boolean": cells.read_boolean,
    "member": cells.read_member, "names": cells.read_names, "level": cells.read_level, "email": cells.read_email,
    "integer": cells.read_integer,
}
NAMED_MODELS = {"asset": (Asset, "name"), "risk": (Risk, "title")}


@dataclass
class RowCheck:
    line: int
    values: dict
    # Non-empty cells to the right of the last named column, kept so that the second check reports them too.
    extra_cells: list = field(default_factory=list)
    # Keys of the columns whose XLSX cell contains a formula without a saved result.
    unsaved_formulas: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    # The bound, valid create form; None when the row has errors.
    form: object = None

    def add_error(self, column: str, message) -> None:
        self.errors.append({"column": column, "message": str(message)})

    def stored(self) -> dict:
        stored = {"line": self.line, "values": self.values, "errors": self.errors}
        if self.extra_cells:
            stored["extra_cells"] = self.extra_cells
        if self.unsaved_formulas:
            stored["unsaved_formulas"] = self.unsaved_formulas
        return stored


def load_lookups(register: Register, workspace) -> Lookups:
    """Read the members, the linkable records and the existing names once for the whole file."""
    lookups = Lookups()
    for email, user_id in Membership.objects.values_list("user__email", "user_id"):
        lookups.members[email.casefold()] = user_id
    for column in register.columns:
        if column.reader == "names" and column.lookup not in lookups.names:
            model, name_field = NAMED_MODELS[column.lookup]
            names = {}
            for pk, name in model.objects.values_list("pk", name_field):
                names.setdefault(name.strip().casefold(), []).append(pk)
            lookups.names[column.lookup] = names
    lookups.existing = {name.strip().casefold() for name in
                        register.model.objects.values_list(register.name_key, flat=True)}
    if register.kind == "risk":
        lookups.methodology = methodology_for(workspace)
    return lookups


def _reader_context(column: Column, lookups: Lookups) -> dict:
    context = {"choices": column.choices, "members": lookups.members}
    if column.reader == "names":
        context.update(names=lookups.names[column.lookup], lookup=column.lookup)
    if column.reader == "level":
        context["levels"] = getattr(lookups.methodology, f"{column.lookup}_levels")
    return context


def _form_data(register: Register, row: RowCheck, lookups: Lookups) -> dict:
    data = {}
    for column in register.columns:
        text = row.values.get(column.key, "")
        try:
            value = READERS[column.reader](text, **_reader_context(column, lookups))
        except cells.CellError as error:
            row.add_error(column.key, error)
            continue
        data[column.key] = value if value not in ("", None) else register.default(column.key)
    return data


def _check_duplicate(register: Register, row: RowCheck, lookups: Lookups, seen: dict) -> None:
    name = row.values.get(register.name_key, "").strip().casefold()
    if not name:
        return
    if name in lookups.existing:
        row.add_error(register.name_key, _("A record named “%(name)s” already exists in this register. Remove the "
                                           "row or change the name.") % {"name": row.values[register.name_key]})
    elif name in seen:
        row.add_error(register.name_key, _("“%(name)s” appears more than once in this file (first in row %(line)d). "
                                           "Keep one of the rows.")
                      % {"name": row.values[register.name_key], "line": seen[name]})
    else:
        seen[name] = row.line


def _check_extra_cells(row: RowCheck) -> None:
    if not row.extra_cells:
        return
    cells_text = ", ".join(f"“{text}”" for text in row.extra_cells)
    row.add_error("", ngettext(
        "The row has %(count)d more value than the header has column names: %(cells)s. Delete the extra value, "
        "or, in a CSV file, put a value that contains the delimiter (comma or semicolon) in double quotation "
        "marks.",
        "The row has %(count)d more values than the header has column names: %(cells)s. Delete the extra "
        "values, or, in a CSV file, put a value that contains the delimiter (comma or semicolon) in double "
        "quotation marks.",
        len(row.extra_cells)) % {"count": len(row.extra_cells), "cells": cells_text})


def _check_unsaved_formulas(row: RowCheck) -> None:
    for key in row.unsaved_formulas:
        row.add_error(key, _("The cell contains a formula without a saved result, so it has no value to import. Open "
                             "the file in a spreadsheet program and save it there, or enter the value instead of "
                             "the formula."))


def _add_validation_error(row: RowCheck, error: ValidationError, flagged: set) -> None:
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            row.add_error("", message)
        return
    for key, messages in error.message_dict.items():
        if key in flagged:
            continue  # the cell reader's message already explains this column
        for message in messages:
            row.add_error("" if key == "__all__" else key, message)


def check_row(register: Register, row: RowCheck, *, workspace, lookups: Lookups, seen: dict) -> RowCheck:
    """Read the row's cells, then run the create form and the service checks that the single-record form runs."""
    _check_extra_cells(row)
    _check_unsaved_formulas(row)
    data = _form_data(register, row, lookups)
    _check_duplicate(register, row, lookups, seen)
    flagged = {error["column"] for error in row.errors}
    form = register.form(data, lookups)
    if not form.is_valid():
        _add_validation_error(row, ValidationError(form.errors.as_data()), flagged)
        return row
    if row.errors:
        return row
    try:
        register.check(form, workspace=workspace, lookups=lookups)
    except ValidationError as error:
        _add_validation_error(row, error, flagged)
        return row
    row.form = form
    return row


def check_rows(register: Register, rows: list[dict], *, workspace, lookups: Lookups | None = None) -> list[RowCheck]:
    """Check every stored row ``{"line", "values"}`` with its optional "extra_cells" and "unsaved_formulas".

    Rows are independent except for the duplicate check.
    """
    lookups = lookups or load_lookups(register, workspace)
    seen = {}
    checks = []
    for row in rows:
        check = RowCheck(line=row["line"], values=row["values"], extra_cells=row.get("extra_cells", []),
                         unsaved_formulas=row.get("unsaved_formulas", []))
        checks.append(check_row(register, check, workspace=workspace, lookups=lookups, seen=seen))
    return checks
