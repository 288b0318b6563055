"""The column guide of the upload page: per column its headers, whether it is required, its rule and accepted values."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from isms.services.imports.columns import Column
from isms.services.imports.registers import Register
from isms.services.risks import methodology_for


@dataclass(frozen=True)
class ColumnGuide:
    english: str
    german: str
    required: bool
    # A rule that links the column to others, for example "Required when “Owner role” is empty."
    rule: str
    # The values a cell may hold, for example the labels of a choice or the levels of a rating scale.
    accepted: str


def _scale(levels: list[dict]) -> str:
    return ", ".join(f"{number} = {level.get('label', '')}" for number, level in enumerate(levels, start=1))


def _accepted(column: Column, methodology) -> str:
    if column.reader == "choice":
        return ", ".join(str(label) for _value, label in column.choices)
    if column.reader == "level":
        levels = getattr(methodology, f"{column.lookup}_levels")
        return _("Level number or label: %(levels)s") % {"levels": _scale(levels)}
    if column.reader == "boolean":
        return _("yes or no (also ja or nein); empty means no")
    if column.reader == "date":
        return _("YYYY-MM-DD or DD.MM.YYYY")
    if column.reader == "email":
        return _("E-mail address")
    if column.reader == "integer":
        return _("Whole number")
    if column.reader == "member":
        return _("E-mail address of a member of this workspace")
    if column.reader == "names" and column.lookup == "asset":
        return _("Names of existing assets, several separated by %(separator)s") % {"separator": "|"}
    if column.reader == "names" and column.lookup == "risk":
        return _("Titles of existing risks, several separated by %(separator)s") % {"separator": "|"}
    return ""


def column_guide(register: Register, *, workspace) -> list[ColumnGuide]:
    """List the register's columns as the upload page explains them, in the active language."""
    # Only risks have rating scales. methodology_for creates the default methodology on first use.
    methodology = methodology_for(workspace) if register.kind == "risk" else None
    return [ColumnGuide(english=column.english, german=column.german, required=column.required,
                        rule=column.rule_text(register.columns), accepted=_accepted(column, methodology))
            for column in register.columns]
