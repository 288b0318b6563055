"""Imports of assets, risks and suppliers from CSV or XLSX files, with a preview of each row's errors."""

from isms.services.imports.services import ImportOutcome, import_confirm, import_discard, import_preview
from isms.services.imports.templates import CONTENT_TYPES, template_file

__all__ = ["CONTENT_TYPES", "ImportOutcome", "import_confirm", "import_discard", "import_preview", "template_file"]
