"""Seeders for the isolation matrix: each module here defines ``seed_foreign(workspace, marker)``.

The matrix in ``test_tenant_isolation`` calls every seeder for the other
workspace, so each area puts rows there (with the marker in their text) and
its routes are requested with real foreign ids.
"""

import importlib
import pkgutil


def seed_all(workspace, marker: str) -> None:
    for module_info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module_info.name}").seed_foreign(workspace, marker)
