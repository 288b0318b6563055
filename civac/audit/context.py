"""The acting party of audit events: the signed-in user of the request, or a named system process."""

import contextvars
from contextlib import contextmanager

_actor = contextvars.ContextVar("civac_audit_actor", default=None)
_system_label = contextvars.ContextVar("civac_audit_system_label", default="system")


def current_actor():
    return _actor.get()


def current_system_label() -> str:
    return _system_label.get()


@contextmanager
def acting_as(user=None, *, system: str | None = None):
    """Attribute audit events in this block to ``user`` or to a system process name."""
    actor_token = _actor.set(user)
    label_token = _system_label.set(system or "system")
    try:
        yield
    finally:
        _actor.reset(actor_token)
        _system_label.reset(label_token)
