"""Columns of an import file: the form field each one fills, its header in English and German, and how it is read."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Column:
    """One column; ``key`` is the field name of the register's create form and service."""

    key: str
    english: str
    german: str
    # How a cell is turned into form data: text, choice, date, boolean, member, names, level, email or integer.
    reader: str = "text"
    required: bool = False
    # The model's choices, for the "choice" reader.
    choices: tuple = ()
    # For "names": the register whose records are named ("asset", "risk"); for "level": the scale.
    lookup: str = ""
    # Further accepted header spellings, for example the form's label.
    aliases: tuple[str, ...] = field(default=())
    # A rule that links this column to others, shown on the upload page. It names other columns as
    # %(key)s placeholders, which rule_text() fills with their headers in the active language, and may use
    # the numbers in rule_values.
    rule: str = ""
    rule_values: dict = field(default_factory=dict)

    def rule_text(self, columns: list[Column]) -> str:
        if not self.rule:
            return ""
        return str(self.rule) % {**{column.key: column.header() for column in columns}, **self.rule_values}

    def header(self) -> str:
        """Return the header in the active language, as the template and the preview show it."""
        return self.german if (get_language() or "").startswith("de") else self.english


def normalise_header(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_header(header: list[str], columns: list[Column]) -> list[Column | None]:
    """Map each header cell to its column; raise ValidationError naming unknown, repeated and missing columns.

    Headers are compared without case and surrounding spaces, in English or German.
    """
    names = {}
    for column in columns:
        for spelling in (column.english, column.german, *column.aliases):
            names[normalise_header(spelling)] = column
    matched, problems, seen = [], [], set()
    for text in header:
        column = names.get(normalise_header(text)) if text else None
        if column is None:
            if text:
                problems.append(_("The column “%(header)s” is unknown. Rename it to one of the template's column "
                                  "names or delete it.") % {"header": text})
            matched.append(None)
            continue
        if column.key in seen:
            problems.append(_("The column “%(header)s” appears twice. Keep one of them.") % {"header": text})
        seen.add(column.key)
        matched.append(column)
    for column in columns:
        if column.required and column.key not in seen:
            problems.append(_("The required column “%(header)s” is missing. Add it; the template shows all "
                              "columns.") % {"header": column.header()})
    if problems:
        raise ValidationError({"file": [ValidationError(problem, code="header") for problem in problems]})
    return matched
