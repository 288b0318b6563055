"""The interface of an importable register: its columns, its create form and its create service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from isms.services.imports.columns import Column


@dataclass
class Lookups:
    """Readable keys of the workspace's records, read once per check of a file."""

    # E-mail address (case-folded) of each member -> user id.
    members: dict = field(default_factory=dict)
    # "asset" or "risk" -> case-folded name -> ids of the records with that name.
    names: dict = field(default_factory=dict)
    # Case-folded names of the register's existing records, for the duplicate check.
    existing: set = field(default_factory=set)
    # The risk methodology, for the rating scales of risks.
    methodology: object = None


@dataclass(frozen=True)
class Register:
    kind: str
    model: type[models.Model]
    columns: list[Column]
    # The column that names a record; two rows or a row and a stored record with the same name are duplicates.
    name_key: str
    # Build the register's create form from form data.
    form: Callable
    # Run the create service's checks on a valid form without saving; raise ValidationError.
    check: Callable
    # Create the record through the register's create service.
    create: Callable
    list_url_name: str

    def default(self, key: str):
        """Return the model field's default for an empty cell, or "" when the field has none."""
        try:
            model_field = self.model._meta.get_field(key)
        except FieldDoesNotExist:
            return ""
        if model_field.many_to_many or not model_field.has_default():
            return ""
        return model_field.get_default()
