"""The active workspace of the current request or task.

A context variable, not a thread-local, so that it follows the request through
async code and is reset reliably by ``workspace_context``. Tenant querysets read
it and raise ``NoActiveWorkspace`` when it is unset: code that does not bind a
workspace fails instead of reading every tenant's rows.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from civac.tenancy.models import Workspace

_active_workspace: contextvars.ContextVar["Workspace | None"] = contextvars.ContextVar(
    "civac_active_workspace", default=None
)


class NoActiveWorkspace(RuntimeError):
    """Tenant data was queried outside ``workspace_context``."""


def active_workspace() -> "Workspace | None":
    return _active_workspace.get()


def require_active_workspace() -> "Workspace":
    workspace = _active_workspace.get()
    if workspace is None:
        raise NoActiveWorkspace(
            "Tenant data was queried without an active workspace; wrap the code in "
            "workspace_context(workspace) or use the all_workspaces manager in platform code."
        )
    return workspace


def clear_workspace_context() -> None:
    """Leave any workspace: unset the context variable and put the database session in platform scope."""
    from civac.tenancy.rls import apply_scope

    _active_workspace.set(None)
    apply_scope(None)


@contextmanager
def workspace_context(workspace: "Workspace") -> Iterator["Workspace"]:
    """Bind ``workspace`` for tenant querysets and for PostgreSQL's row-level security."""
    from civac.tenancy.rls import apply_scope

    previous = _active_workspace.get()
    token = _active_workspace.set(workspace)
    apply_scope([str(workspace.pk)])
    try:
        yield workspace
    finally:
        _active_workspace.reset(token)
        apply_scope([str(previous.pk)] if previous is not None else None)
