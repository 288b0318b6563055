"""Turn cell text into the data the register's create form expects, resolving readable keys to ids.

Each reader returns the form value, or raises CellError with a message that
names the accepted values. Business rules stay in the forms and services.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

# Several linked records in one cell are separated by semicolons, vertical bars or line breaks. The bar needs no
# quoting in a semicolon-delimited CSV file, where an unquoted semicolon would start a new cell.
LIST_SEPARATOR = re.compile(r"[;|\n]")
TRUE_WORDS = {"yes", "ja", "true", "wahr", "1", "x"}
FALSE_WORDS = {"no", "nein", "false", "falsch", "0"}
GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class CellError(Exception):
    pass


def read_text(text: str, **_context) -> str:
    return text


def read_date(text: str, **_context) -> str:
    if not text:
        return ""
    german = GERMAN_DATE.match(text)
    try:
        if german:
            day, month, year = (int(part) for part in german.groups())
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(text[:10] if len(text) > 10 and text[10] in " T" else text).isoformat()
    except ValueError:
        raise CellError(_("“%(value)s” is not a valid date. Enter it as YYYY-MM-DD or DD.MM.YYYY.")
                        % {"value": text}) from None


def read_boolean(text: str, **_context) -> bool:
    word = text.casefold()
    if not word or word in FALSE_WORDS:
        return False
    if word in TRUE_WORDS:
        return True
    raise CellError(_("“%(value)s” is not yes or no. Enter yes, no, ja or nein.") % {"value": text})


def choice_lookup(choices) -> dict[str, str]:
    """Map each choice's value and its label in English and German, without case, to the value."""
    lookup = {}
    for language in ("en", "de"):
        with translation.override(language):
            for value, label in choices:
                lookup[str(label).casefold()] = value
    for value, _label in choices:
        lookup[str(value).casefold()] = value
    return lookup


def read_choice(text: str, *, choices, **_context) -> str:
    if not text:
        return ""
    value = choice_lookup(choices).get(text.casefold())
    if value is None:
        accepted = ", ".join(str(label) for _value, label in choices)
        raise CellError(_("“%(value)s” is not a valid choice. Use one of: %(accepted)s.")
                        % {"value": text, "accepted": accepted})
    return value


def read_member(text: str, *, members: dict, **_context) -> str:
    """Resolve a member's e-mail address (without case) to the user id."""
    if not text:
        return ""
    user_id = members.get(text.casefold())
    if user_id is None:
        raise CellError(_("No member of this workspace has the e-mail address “%(value)s”. Enter a member's "
                          "address, invite the person first, or leave the cell empty.") % {"value": text})
    return str(user_id)


def _missing_name_message(lookup: str, name: str) -> str:
    if lookup == "risk":
        return _("There is no risk titled “%(value)s” in this workspace. Create or import it first, or correct "
                 "the title.") % {"value": name}
    return _("There is no asset named “%(value)s” in this workspace. Create or import it first, or correct the "
             "name.") % {"value": name}


def _ambiguous_name_message(lookup: str, name: str) -> str:
    if lookup == "risk":
        return _("Several risks are titled “%(value)s”. Link the right one in the form after the import.") % {
            "value": name}
    return _("Several assets are named “%(value)s”. Link the right one in the form after the import.") % {
        "value": name}


def read_names(text: str, *, names: dict, lookup: str, **_context) -> list[str]:
    """Resolve names (without case), separated by LIST_SEPARATOR, to the ids of existing records.

    ``lookup`` is the register that is named: "asset" or "risk".
    """
    ids = []
    for name in (part.strip() for part in LIST_SEPARATOR.split(text)):
        if not name:
            continue
        found = names.get(name.casefold(), [])
        if not found:
            raise CellError(_missing_name_message(lookup, name))
        if len(found) > 1:
            raise CellError(_ambiguous_name_message(lookup, name))
        ids.append(str(found[0]))
    return ids


def read_email(text: str, **_context) -> str:
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(_("“%(value)s” is not a valid e-mail address. Enter an address such as "
                          "name@example.com.") % {"value": text}) from None
    return text


def read_integer(text: str, **_context) -> str:
    if not text:
        return ""
    if not text.isdigit():
        raise CellError(_("“%(value)s” is not a whole number. Enter digits only, for example 12.") % {"value": text})
    return text


def read_level(text: str, *, levels: list[dict], **_context) -> str:
    """Accept a level number or a level label of the risk methodology's scale."""
    if not text:
        return ""
    if text.isdigit():
        return text
    for number, level in enumerate(levels, start=1):
        if str(level.get("label", "")).casefold() == text.casefold():
            return str(number)
    accepted = ", ".join(f"{number} ({level.get('label', '')})" for number, level in enumerate(levels, start=1))
    raise CellError(_("“%(value)s” is not a level of the scale. Use one of: %(accepted)s.")
                    % {"value": text, "accepted": accepted})
