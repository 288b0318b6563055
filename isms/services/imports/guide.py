"""The column guide of the upload page: per column its headers, whether it is required, its rule and accepted values."""

from __future__ import annotations

from dataclasses import dataclass

from isms.services.imports.registers import Register


@dataclass(frozen=True)
class ColumnGuide:
    english: str
    german: str
    required: bool
    # A rule that links the column to others, for example "Required when “Owner role” is empty."
    rule: str


def column_guide(register: Register) -> list[ColumnGuide]:
    """List the register's columns as the upload page explains them, in the active language."""
    return [ColumnGuide(english=column.english, german=column.german, required=column.required,
                        rule=column.rule_text(register.columns))
            for column in register.columns]
